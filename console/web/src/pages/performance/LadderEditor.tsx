import { useEffect } from 'react';
import { Button, Flex, Form, Input, InputNumber, Modal, Typography, type ButtonProps } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, unwrap, type Schemas } from '../../api/client';
import { useApiSubmit } from '../../components/useApiSubmit';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n';

type Level = Schemas['GradeLevelView'];
interface LadderForm { levels: Pick<Level, 'name' | 'name_en' | 'promote_at' | 'keep_at'>[] }

// LadderEditor replaces the grade ladder, lowest level first. Levels keep
// their ids by position, so holders stay put; the server refuses dropping
// a level someone holds.
export function LadderEditor({ open, levels, onClose, onSaved }: {
  open: boolean; levels: Level[]; onClose: () => void; onSaved: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<LadderForm>();
  const { run, busy: saving, error, reset } = useApiSubmit(form);

  useEffect(() => {
    if (!open) return;
    reset();
    form.resetFields();
    form.setFieldsValue({ levels: levels.map((l) => ({ name: l.name, name_en: l.name_en ?? '', promote_at: l.promote_at, keep_at: l.keep_at })) });
  }, [open, levels, form, reset]);

  const submit = (v: LadderForm) => run(async () => {
    const body = { levels: v.levels.map((l) => ({ name: l.name.trim(), name_en: l.name_en?.trim() || undefined, promote_at: l.promote_at, keep_at: l.keep_at })) };
    // rank and id are read-only: the position in the list is the rank.
    await unwrap(api.PUT('/v1/grades', { body: body as Schemas['Set-grade-ladderRequest'] }));
    onSaved();
  });

  return (
    <Modal open={open} width={640} title={t('perf.grade.editLadder')} onCancel={onClose} forceRender
      okText={t('action.save')} cancelText={t('action.cancel')} confirmLoading={saving}
      onOk={() => form.submit()} okButtonProps={{ 'data-testid': 'ladder-save' } as ButtonProps}>
      <Typography.Paragraph type="secondary">{t('perf.grade.ladderHint')}</Typography.Paragraph>
      <ProblemAlert error={error} />
      <Form form={form} onFinish={submit} data-testid="ladder-form">
        <Form.List name="levels">
          {(fields, { add, remove }, { errors }) => (
            <>
              <Flex gap={8} style={{ color: '#888', fontSize: 12, marginBottom: 4 }}>
                <span style={{ width: 130 }}>{t('perf.grade.level')}</span>
                <span style={{ width: 130 }}>{t('perf.card.labelEn')}</span>
                <span style={{ width: 100 }}>{t('perf.grade.promoteAt')}</span>
                <span style={{ width: 100 }}>{t('perf.grade.keepAt')}</span>
              </Flex>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={8} align="baseline" data-testid={`level-${i}`}>
                  <Form.Item name={[f.name, 'name']} style={{ width: 130, marginBottom: 8 }} rules={[{ required: true, whitespace: true }]}>
                    <Input maxLength={40} data-testid={`level-${i}-name`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'name_en']} style={{ width: 130, marginBottom: 8 }}>
                    <Input maxLength={40} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'promote_at']} style={{ width: 100, marginBottom: 8 }} rules={[{ required: true }]}>
                    <InputNumber min={0} max={200} style={{ width: '100%' }} data-testid={`level-${i}-promote`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'keep_at']} style={{ width: 100, marginBottom: 8 }} rules={[{ required: true }]}>
                    <InputNumber min={0} max={200} style={{ width: '100%' }} data-testid={`level-${i}-keep`} />
                  </Form.Item>
                  {fields.length > 2 && (
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('action.delete')} onClick={() => remove(f.name)} data-testid={`level-${i}-remove`} />
                  )}
                </Flex>
              ))}
              <Form.ErrorList errors={errors} />
              {fields.length < 12 && (
                <Button type="dashed" icon={<PlusOutlined />} data-testid="level-add" onClick={() => {
                  const top = form.getFieldValue(['levels', fields.length - 1]) as LadderForm['levels'][number] | undefined;
                  add({ name: '', name_en: '', promote_at: Math.min(200, (top?.promote_at ?? 0) + 5), keep_at: Math.min(200, (top?.keep_at ?? 0) + 5) });
                }}>{t('perf.grade.addLevel')}</Button>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
