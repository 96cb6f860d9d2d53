import { useMemo, useState } from 'react';
import { Alert, Button, Form, Modal, Radio, Select, Space, Typography, App } from 'antd';
import { api, ApiError, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useLocale } from '../../i18n';
import { ASSIGN_KINDS, positionTitle, staffing, type AssignKind, type ChartPosition } from './model';
import type { UserView } from './useOrgRefs';
import { useApiSubmit } from '../../components/useApiSubmit';

interface Values {
  user_id: string;
  kind: AssignKind;
}

// isQuotaConflict: a 409 on a position already at its headcount is the
// quota refusal (the other 409, "already has a primary", can't be forced).
export function isQuotaConflict(e: unknown, p: Pick<ChartPosition, 'headcount' | 'filled'>): boolean {
  return e instanceof ApiError && e.status === 409 && p.filled >= p.headcount;
}

// AssignModal puts a person on a position; over the quota the API answers
// 409, and the person may then choose to assign anyway (flagged over quota).
export function AssignModal({ position, users, onClose, onSaved }: { position: ChartPosition; users: UserView[]; onClose: () => void; onSaved: () => void }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { run, busy, error, reset } = useApiSubmit(form);
  const [pending, setPending] = useState<Values | null>(null);
  const s = staffing(position);
  // People already on this position are not offered again.
  const options = useMemo(() => {
    const holderIds = new Set((position.holders ?? []).map((h) => h.user_id));
    return users.filter((u) => !holderIds.has(u.id)).map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` }));
  }, [users, position]);

  const assign = async (v: Values, allowOverQuota = false) => {
    const done = await run(() =>
      unwrap(api.POST('/v1/positions/{id}/assignments', { params: { path: { id: position.id } }, body: { ...v, allow_over_quota: allowOverQuota || undefined } })),
    );
    if (done) {
      message.success(t('org.assignModal.done', { name: done.user_name ?? users.find((u) => u.id === v.user_id)?.name ?? '' }));
      onSaved();
    } else {
      setPending(v);
    }
  };

  const quota = pending && isQuotaConflict(error, position);

  return (
    <Modal
      open
      title={t('org.assignModal.title', { position: positionTitle(position, locale) })}
      onCancel={onClose}
      footer={
        <Space>
          <Button onClick={onClose}>{t('action.cancel')}</Button>
          {quota ? (
            <Button danger type="primary" loading={busy} data-testid="assign-anyway" onClick={() => void assign(pending, true)}>{t('org.assignModal.overAnyway')}</Button>
          ) : (
            <Button type="primary" loading={busy} data-testid="assign-save" onClick={() => form.submit()}>{t('action.save')}</Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {t('org.assignModal.staffing', { filled: s.filled, headcount: s.headcount })}
      </Typography.Paragraph>
      {quota ? (
        <Alert type="warning" showIcon title={t('org.assignModal.overTitle')} description={(error as ApiError).detail} style={{ marginBottom: 16 }} data-testid="assign-over" />
      ) : (
        <>
          {s.vacant === 0 && <Alert type="info" showIcon title={t('org.assignModal.full')} style={{ marginBottom: 16 }} />}
          <ProblemAlert error={error} />
        </>
      )}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'primary' }}
        onFinish={(v) => void assign(v)}
        onValuesChange={() => { setPending(null); reset(); }}
      >
        <Form.Item name="user_id" label={t('org.assignModal.user')} rules={[{ required: true, message: t('org.assignModal.userRequired') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} placeholder={t('org.assignModal.userPlaceholder')} options={options} data-testid="assign-user" />
        </Form.Item>
        <Form.Item name="kind" label={t('org.assignModal.kind')} extra={t('org.assignModal.kindHint')}>
          <Radio.Group optionType="button" options={ASSIGN_KINDS.map((k) => ({ value: k, label: t(`org.assign.${k}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
