import { useEffect } from 'react';
import { Form, Input, Modal } from 'antd';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useT } from '../../i18n';

// TextModal asks for one text (a result, a report, a reason) and submits it;
// the API's answer, refusals included, shows inside.
export function TextModal({ open, title, label, initial, required, rows = 4, onClose, onSubmit, testId }: {
  open: boolean;
  title: string;
  label: string;
  initial?: string;
  required?: boolean;
  rows?: number;
  onClose: () => void;
  onSubmit: (text: string) => Promise<unknown>;
  testId: string;
}) {
  const t = useT();
  const [form] = Form.useForm<{ text: string }>();
  const { run, busy: saving, error, reset } = useApiSubmit(form);
  useEffect(() => {
    if (open) {
      form.setFieldsValue({ text: initial ?? '' });
      reset();
    }
  }, [open, initial, form, reset]);
  const submit = async ({ text }: { text: string }) => {
    if (await run(async () => { await onSubmit(text?.trim() ?? ''); return true; })) onClose();
  };
  return (
    <Modal open={open} title={title} onCancel={onClose} onOk={() => form.submit()} okText={t('action.submit')}
      okButtonProps={{ loading: saving, 'data-testid': `${testId}-ok` }} forceRender>
      <ProblemAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="text" label={label} rules={required ? [{ required: true, whitespace: true, message: t('desk.required') }] : []}>
          <Input.TextArea rows={rows} maxLength={4000} data-testid={testId} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
