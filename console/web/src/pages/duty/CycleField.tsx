import { Button, Form, Select, Space } from 'antd';
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { REST, shiftTime, type Shift } from './model';

// CycleField edits a rotation cycle: one shift (or 休) per staffed day, in order.
export function CycleField({ name, shifts, testId }: { name: (string | number)[]; shifts: Shift[]; testId: string }) {
  const t = useT();
  const options = [
    { value: REST, label: t('duty.gen.rest') },
    ...shifts.map((s) => ({ value: s.id, label: `${s.name} ${shiftTime(s, t('duty.shift.nextDay'))}` })),
  ];
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Space wrap size={4}>
          {fields.map((f, i) => (
            <Space.Compact key={f.key}>
              <Form.Item name={f.name} noStyle>
                <Select style={{ width: 170 }} options={options} data-testid={`${testId}-${i}`} />
              </Form.Item>
              <Button icon={<CloseOutlined />} onClick={() => remove(f.name)} />
            </Space.Compact>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add(REST)} data-testid={`${testId}-add`}>{t('duty.gen.addStep')}</Button>
        </Space>
      )}
    </Form.List>
  );
}
