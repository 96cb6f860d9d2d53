import { useState } from 'react';
import { Alert, App, Checkbox, Form, Input, Modal } from 'antd';
import { ApiError, api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useSession } from '../../auth/session';
import { useT } from '../../i18n';
import type { Ticket } from './labels';
import { FormButtons } from './FormButtons';
import { noteRequired, targetOf, type Move } from './statusFlow';

// StatusDialog moves the ticket with a note. Closing while a callback is
// pending answers 409; a role with callbacks:waive may then close anyway,
// the note being the reason for skipping the callback.
interface Props { ticket: Ticket; onClose: () => void; onDone: (t: Ticket) => void }

export function StatusDialog({ move, ...props }: Props & { move: Move | null }) {
  const t = useT();
  // The last move stays set while the dialog animates closed.
  const [shown, setShown] = useState<Move | null>(move);
  if (move && move !== shown) setShown(move);
  return (
    <Modal open={!!move} title={shown ? t(`desk.move.${shown}`) : ''} onCancel={props.onClose} footer={null} destroyOnHidden>
      {shown && <StatusForm move={shown} {...props} />}
    </Modal>
  );
}

function StatusForm({ move, ticket, onClose, onDone }: Props & { move: Move }) {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string; waive?: boolean }>();
  const { run, busy, error } = useApiSubmit(form);
  const [conflict, setConflict] = useState(false);
  const waive = Form.useWatch('waive', form) ?? false;

  const submit = async (v: { note?: string; waive?: boolean }) => {
    const saved = await run(async () => {
      try {
        return await unwrap(api.POST('/v1/tickets/{id}/status', {
          params: { path: { id: ticket.id } },
          body: { status: targetOf(move), note: v.note?.trim() || undefined, waive_callback: v.waive || undefined },
        }));
      } catch (e) {
        if (e instanceof ApiError && e.status === 409 && move === 'closed') setConflict(true);
        throw e;
      }
    });
    if (!saved) return;
    message.success(t('desk.move.done', { status: t(`desk.status.${saved.status}`) }));
    onDone(saved);
  };

  return (
    <>
      {conflict ? (
        <Alert type="warning" showIcon title={t(can('callbacks:waive') ? 'desk.waive.pending' : 'desk.waive.noPermission')} style={{ marginBottom: 12 }} data-testid="problem" />
      ) : (
        <ProblemAlert error={error} />
      )}
      <Form form={form} layout="vertical" onFinish={submit}>
        {conflict && can('callbacks:waive') && (
          <Form.Item name="waive" valuePropName="checked" extra={t('desk.waive.hint')}>
            <Checkbox data-testid="status-waive">{t('desk.waive.label')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={waive ? t('desk.waive.reason') : t('desk.move.note')}
          rules={[{ required: noteRequired(move, waive), whitespace: true, message: t('desk.required') }]}
        >
          <Input.TextArea rows={3} maxLength={4000} placeholder={t(`desk.move.${move}.hint`)} data-testid="status-note" />
        </Form.Item>
        <FormButtons onCancel={onClose} saving={busy} testId="status-ok" danger={waive} />
      </Form>
    </>
  );
}
