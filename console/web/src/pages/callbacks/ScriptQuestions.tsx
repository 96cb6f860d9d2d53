import { Form, Input, Radio, Rate } from 'antd';
import type { Schemas } from '../../api/client';
import { useT } from '../../i18n';

type Question = Schemas['ScriptQuestion'];

// ScriptQuestions renders the callback script's questions (回访用语) as form
// fields under answers.<key>, by kind: yes_no, scale (1–5) or text.
export function ScriptQuestions({ questions }: { questions: Question[] }) {
  const t = useT();
  return (
    <>
      {questions.map((q, i) => (
        <Form.Item key={q.key} name={['answers', q.key]} label={`${i + 1}. ${q.text}`}>
          {q.kind === 'yes_no' ? (
            <Radio.Group options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} data-testid={`q-${q.key}`} />
          ) : q.kind === 'scale' ? (
            <Rate count={5} data-testid={`q-${q.key}`} />
          ) : q.kind === 'text' ? (
            <Input.TextArea rows={2} maxLength={2000} data-testid={`q-${q.key}`} />
          ) : (
            <Input maxLength={500} data-testid={`q-${q.key}`} />
          )}
        </Form.Item>
      ))}
    </>
  );
}

// answersBody keeps only the questions that were answered.
export function answersBody(a: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const out = Object.fromEntries(Object.entries(a ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== 0));
  return Object.keys(out).length ? out : undefined;
}
