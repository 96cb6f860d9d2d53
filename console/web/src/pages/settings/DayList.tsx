import { useMemo, useState } from 'react';
import { Button, DatePicker, Flex, Input, Modal, Segmented, Select, Table, Typography } from 'antd';
import { DeleteOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../i18n';
import { mergeDays, parseDayLines, WEEKDAYS } from './calendarDraft';

export interface Day { date: string; name: string; as_weekday?: number }

// DayList edits dated exceptions to the week: holidays (closed) or
// make-up workdays (调休, open with the hours of another weekday). It
// shows one year at a time; next year's days can be pasted in bulk.
export function DayList({ kind, days, onChange, disabled }: {
  kind: 'holiday' | 'workday';
  days: Day[];
  onChange: (d: Day[]) => void;
  disabled?: boolean;
}) {
  const t = useT();
  const [date, setDate] = useState<Dayjs | null>(null);
  const [name, setName] = useState('');
  const [asWeekday, setAsWeekday] = useState(1);
  const [importing, setImporting] = useState(false);
  const [pasted, setPasted] = useState('');
  const years = useMemo(() => [...new Set(days.map((d) => d.date.slice(0, 4)))].sort(), [days]);
  const [year, setYear] = useState<string>('');
  const shownYear = years.includes(year) ? year : years.includes(String(dayjs().year())) ? String(dayjs().year()) : years[years.length - 1] ?? '';
  const shown = days.filter((d) => d.date.startsWith(shownYear));
  const weekdayOptions = WEEKDAYS.map((w) => ({ value: w, label: t(`settings.weekday.${w}`) }));

  const add = () => {
    if (!date || !name.trim()) return;
    const entry: Day = { date: date.format('YYYY-MM-DD'), name: name.trim(), ...(kind === 'workday' ? { as_weekday: asWeekday } : {}) };
    onChange(mergeDays(days, [entry]));
    setYear(entry.date.slice(0, 4));
    setDate(null);
    setName('');
  };
  const parsed = parseDayLines(pasted);
  const doImport = () => {
    onChange(mergeDays(days, parsed.days.map((d) => (kind === 'workday' ? { ...d, as_weekday: 1 } : d))));
    if (parsed.days[0]) setYear(parsed.days[0].date.slice(0, 4));
    setImporting(false);
    setPasted('');
  };

  const columns = [
    { title: t('settings.cal.date'), dataIndex: 'date', width: 180, render: (v: string) => `${v}（${t(`settings.weekday.${dayjs(v).day() || 7}`)}）` },
    { title: t('settings.cal.dayName'), dataIndex: 'name' },
    ...(kind === 'workday' ? [{
      title: t('settings.cal.asWeekday'), dataIndex: 'as_weekday', width: 160,
      render: (v: number | undefined, d: Day) => (
        <Select size="small" value={v || 1} options={weekdayOptions} disabled={disabled} style={{ width: 100 }}
          onChange={(w) => onChange(days.map((x) => (x.date === d.date ? { ...x, as_weekday: w } : x)))} />
      ),
    }] : []),
    ...(disabled ? [] : [{
      title: '', key: 'x', width: 56,
      render: (_: unknown, d: Day) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('action.delete')} data-testid={`${kind}-remove-${d.date}`}
        onClick={() => onChange(days.filter((x) => x.date !== d.date))} />,
    }]),
  ];

  return (
    <div data-testid={`${kind}-list`}>
      {!disabled && (
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <DatePicker value={date} onChange={setDate} data-testid={`${kind}-date`} />
          <Input value={name} onChange={(e) => setName(e.target.value)} onPressEnter={add} maxLength={100} style={{ width: 220 }}
            placeholder={t(kind === 'holiday' ? 'settings.cal.holidayNameHint' : 'settings.cal.workdayNameHint')} data-testid={`${kind}-name`} />
          {kind === 'workday' && (
            <Select value={asWeekday} onChange={setAsWeekday} style={{ width: 150 }} data-testid="workday-as"
              options={weekdayOptions.map((o) => ({ ...o, label: t('settings.cal.worksLike', { day: o.label }) }))} />
          )}
          <Button icon={<PlusOutlined />} onClick={add} disabled={!date || !name.trim()} data-testid={`${kind}-add`}>{t('settings.cal.addDay')}</Button>
          <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>{t('settings.cal.paste')}</Button>
        </Flex>
      )}
      {years.length > 1 && <Segmented value={shownYear} onChange={(v) => setYear(String(v))} options={years} style={{ marginBottom: 12 }} />}
      <Table<Day> size="small" rowKey="date" columns={columns} dataSource={shown} pagination={false}
        locale={{ emptyText: t(kind === 'holiday' ? 'settings.cal.noHolidays' : 'settings.cal.noWorkdays') }} />
      <Modal open={importing} title={t('settings.cal.paste')} onCancel={() => setImporting(false)} onOk={doImport}
        okText={t('settings.cal.importN', { n: parsed.days.length })} okButtonProps={{ disabled: parsed.days.length === 0 }}>
        <Typography.Paragraph type="secondary">{t('settings.cal.pasteHint')}</Typography.Paragraph>
        <Input.TextArea value={pasted} onChange={(e) => setPasted(e.target.value)} autoSize={{ minRows: 6, maxRows: 14 }}
          placeholder={kind === 'holiday' ? '2027-01-01 元旦\n2027-02-06~2027-02-12 春节' : '2027-02-14 春节调休'} />
        {parsed.bad.length > 0 && <Typography.Text type="danger">{t('settings.cal.badLines', { lines: parsed.bad.join('；') })}</Typography.Text>}
      </Modal>
    </div>
  );
}
