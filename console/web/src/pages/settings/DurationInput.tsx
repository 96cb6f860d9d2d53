import { InputNumber, Space } from 'antd';
import { useT } from '../../i18n';
import { join, split, type Unit } from './duration';

// DurationInput edits a number of seconds as one box per unit (e.g. hours
// and minutes), the way people state service time limits.
export function DurationInput({ value, onChange, units = ['h', 'm'], testId, disabled }: {
  value?: number;
  onChange?: (seconds: number) => void;
  units?: Unit[];
  testId?: string;
  disabled?: boolean;
}) {
  const t = useT();
  const parts = split(value ?? 0, units);
  const set = (u: Unit, n: number | null) => onChange?.(join({ ...parts, [u]: n ?? 0 }));
  return (
    <Space.Compact data-testid={testId}>
      {units.map((u, i) => (
        <Space.Compact key={u}>
          <InputNumber
            min={0}
            max={u === 'm' ? 59 : u === 'h' && i > 0 ? 23 : 9999}
            precision={0}
            value={parts[u]}
            disabled={disabled}
            onChange={(n) => set(u, n)}
            style={{ width: 64 }}
            data-testid={testId ? `${testId}-${u}` : undefined}
          />
          <Space.Addon>{t(`settings.unit.${u}`)}</Space.Addon>
        </Space.Compact>
      ))}
    </Space.Compact>
  );
}
