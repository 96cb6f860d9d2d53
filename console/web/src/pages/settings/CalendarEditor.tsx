import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Col, Flex, Form, Input, Popconfirm, Row, Select, Space, Switch, Tabs, Typography } from 'antd';
import { api, unwrap } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiSubmit } from '../../components/useApiSubmit';
import { useT } from '../../i18n';
import { overlaps, spanProblem, toDraft, toFields, newDraft, weeklyMinutes, WEEKDAYS, type Calendar, type Draft } from './calendarDraft';
import { DayList } from './DayList';
import { DeadlinePreview } from './DeadlinePreview';
import { timeZones } from './format';
import { WeekGrid } from './WeekGrid';

// CalendarEditor edits one business calendar (or a new one): name, zone,
// weekly hours or 24×7, holidays and make-up workdays, with a deadline
// preview beside it.
export function CalendarEditor({ calendar, defaultZone, writable, onSaved, onDeleted }: {
  calendar: Calendar | null;
  defaultZone: string;
  writable: boolean;
  onSaved: (c: Calendar) => void;
  onDeleted: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const initial = useMemo(() => (calendar ? toDraft(calendar) : newDraft(defaultZone)), [calendar, defaultZone]);
  const [draft, setDraft] = useState<Draft>(initial);
  const { run, busy: saving, error, reset, setError } = useApiSubmit();
  useEffect(() => { setDraft(initial); reset(); }, [initial, reset]);
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);

  const dirty = JSON.stringify(toFields(draft)) !== JSON.stringify(toFields(initial));
  const invalid = !draft.always_open && WEEKDAYS.some((d) => draft.week[d].some((s) => spanProblem(s)) || overlaps(draft.week[d]));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  const save = () => run(async () => {
    const body = toFields(draft);
    const c = calendar
      ? await unwrap(api.PATCH('/v1/calendars/{id}', { params: { path: { id: calendar.id } }, body }))
      : await unwrap(api.POST('/v1/calendars', { body }));
    message.success(t('common.saved'));
    onSaved(c);
  });
  // Not through run: a delete does not spin the save button.
  const remove = async () => {
    if (!calendar) return;
    setError(null);
    try {
      await unwrap(api.DELETE('/v1/calendars/{id}', { params: { path: { id: calendar.id } } }));
      onDeleted();
    } catch (e) {
      setError(e);
    }
  };

  const hours = weeklyMinutes(draft.week) / 60;
  const ro = !writable;
  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Card
          title={calendar ? calendar.name : t('settings.cal.new')}
          extra={writable && (
            <Space>
              {calendar && !calendar.is_default && (
                <Popconfirm title={t('settings.cal.confirmDelete')} description={t('settings.cal.deleteHint')} onConfirm={remove} okButtonProps={{ danger: true }}>
                  <Button danger>{t('action.delete')}</Button>
                </Popconfirm>
              )}
              <Button onClick={() => setDraft(initial)} disabled={!dirty}>{t('settings.revert')}</Button>
              <Button type="primary" onClick={save} loading={saving} disabled={invalid || !draft.name.trim() || (!dirty && !!calendar)} data-testid="calendar-save">{t('action.save')}</Button>
            </Space>
          )}
        >
          <ProblemAlert error={error} />
          <Form layout="vertical" disabled={ro}>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item label={t('common.name')} required>
                  <Input value={draft.name} onChange={(e) => set({ name: e.target.value })} maxLength={100} placeholder={t('settings.cal.nameHint')} data-testid="calendar-name" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label={t('auth.timezone')}>
                  <Select showSearch value={draft.timezone} onChange={(v) => set({ timezone: v })} options={zones} data-testid="calendar-tz" />
                </Form.Item>
              </Col>
            </Row>
            <Flex gap={32} wrap style={{ marginBottom: 8 }}>
              <Space>
                <Switch checked={draft.always_open} onChange={(v) => set({ always_open: v })} disabled={ro} data-testid="calendar-247" />
                <span>{t('settings.cal.alwaysOpen')}</span>
              </Space>
              <Space>
                <Switch checked={draft.is_default} onChange={(v) => set({ is_default: v })} disabled={ro || !!calendar?.is_default} />
                <span>{t('settings.cal.isDefault')}</span>
              </Space>
            </Flex>
          </Form>
          <Tabs
            items={[
              {
                key: 'hours', label: t('settings.cal.hours'),
                children: draft.always_open
                  ? <Typography.Paragraph type="secondary">{t('settings.cal.alwaysOpenHint')}</Typography.Paragraph>
                  : <>
                      <Typography.Paragraph type="secondary">{t('settings.cal.hoursHint', { h: Math.round(hours * 10) / 10 })}</Typography.Paragraph>
                      <WeekGrid week={draft.week} onChange={(week) => set({ week })} disabled={ro} />
                    </>,
              },
              {
                key: 'holidays', label: `${t('settings.cal.holidays')} (${draft.holidays.length})`,
                children: <DayList kind="holiday" days={draft.holidays} onChange={(holidays) => set({ holidays })} disabled={ro} />,
              },
              {
                key: 'workdays', label: `${t('settings.cal.workdays')} (${draft.workdays.length})`,
                children: <>
                  <Typography.Paragraph type="secondary">{t('settings.cal.workdaysHint')}</Typography.Paragraph>
                  <DayList kind="workday" days={draft.workdays} onChange={(workdays) => set({ workdays })} disabled={ro} />
                </>,
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title={t('settings.preview.title')}>
          <DeadlinePreview calendarId={calendar?.id} timezone={draft.timezone} dirty={dirty} />
        </Card>
      </Col>
    </Row>
  );
}
