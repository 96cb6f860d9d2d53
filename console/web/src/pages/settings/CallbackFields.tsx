import { Col, Form, InputNumber, Row, Select, Space, Switch } from 'antd';
import { useT } from '../../i18n';
import { DurationInput } from './DurationInput';
import { TIERS } from './slaForm';

// CallbackFields edits the 回访 rule of a policy: how soon after resolution,
// which share of each customer tier is called (回访覆盖率), and retries.
export function CallbackFields({ positions }: { positions: { id: string; label: string }[] }) {
  const t = useT();
  return (
    <>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="cb_within" label={t('settings.sla.cbWithin')} extra={t('settings.sla.cbWithinHint')}>
            <DurationInput units={['d', 'h']} testId="cb-within" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="cb_business_time" label={t('settings.sla.cbBusinessTime')} valuePropName="checked" extra={t('settings.sla.cbBusinessTimeHint')}>
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('settings.sla.coverage')} extra={t('settings.sla.coverageHint')}>
        <Space wrap size={16}>
          {TIERS.map((tier) => (
            <Space.Compact key={tier}>
              <Space.Addon>{t(`settings.tier.${tier}`)}</Space.Addon>
              <Form.Item name={['cb_coverage', tier]} noStyle>
                <InputNumber min={0} max={100} precision={1} style={{ width: 80 }} data-testid={`coverage-${tier}`} />
              </Form.Item>
              <Space.Addon>%</Space.Addon>
            </Space.Compact>
          ))}
        </Space>
      </Form.Item>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="cb_max_attempts" label={t('settings.sla.attempts')} extra={t('settings.sla.attemptsHint')}>
            <InputNumber min={1} max={10} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="cb_spacing" label={t('settings.sla.spacing')}>
            <DurationInput />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="cb_position_id" label={t('settings.sla.cbPosition')} extra={t('settings.sla.cbPositionHint')}>
            <Select allowClear showSearch optionFilterProp="label" options={positions.map((p) => ({ value: p.id, label: p.label }))} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
