import { Alert, Button, Card, Col, Form, InputNumber, Radio, Row, Select } from 'antd';
import { rateInput, toRateE6 } from '../loans/format';
import { useSettingsSection } from './useSettingsSection';

interface FormValues {
  subsidyDayBasis: 360 | 365;
  lprPercent?: string;
  loanDueAlertDays: number[];
  loanAgeMin: number;
  loanAgeMax: number;
}

const WINDOWS = [7, 15, 30, 45, 60, 90, 120, 180].map((d) => ({ value: d, label: `${d} 天` }));

/** 小额信贷 conventions that differ by county: the 贴息 day count, the LPR, alert windows and borrower ages. */
export function LoansSettingsSection() {
  const { form, loaded, saving, error, save } = useSettingsSection<FormValues>(
    (s) => ({
      subsidyDayBasis: s.subsidyDayBasis, lprPercent: rateInput(s.loanLprE6), loanDueAlertDays: s.loanDueAlertDays,
      loanAgeMin: s.loanAgeMin, loanAgeMax: s.loanAgeMax,
    }),
    (v) => {
      const lpr = toRateE6(v.lprPercent);
      if (lpr == null) throw new Error('LPR 请写成 3.45 这样的百分数');
      if (v.loanAgeMin > v.loanAgeMax) throw new Error('借款人最低年龄不能高于最高年龄');
      return {
        subsidyDayBasis: v.subsidyDayBasis, loanLprE6: lpr, loanDueAlertDays: [...new Set(v.loanDueAlertDays)].sort((a, b) => a - b),
        loanAgeMin: v.loanAgeMin, loanAgeMax: v.loanAgeMax,
      };
    },
    '小额信贷设置已保存',
  );

  return (
    <Card title="小额信贷" data-testid="loans-settings">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<FormValues> form={form} name="loans-settings" layout="vertical" onFinish={save} disabled={!loaded}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="subsidyDayBasis" label="贴息计息天数基数" extra="贴息 = 余额 × 年利率 × 天数 ÷ 基数；银行通常按360天，按县里的规定选择">
              <Radio.Group options={[{ value: 360, label: '按360天' }, { value: 365, label: '按365天' }]} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="lprPercent" label="一年期LPR" extra="新增贷款的默认利率；合同未填利率时按此计算贴息" rules={[{ required: true, message: '请填写LPR' }]}>
              <InputNumber<string> stringMode min="0" max="20" step="0.05" suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="loanDueAlertDays" label="到期提醒" extra="提前多少天提醒贷款到期" rules={[{ required: true, type: 'array', min: 1, message: '至少选一个提醒时间' }]}>
              <Select mode="multiple" options={WINDOWS} maxCount={5} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="loanAgeMin" label="借款人最低年龄" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={14} max={80} precision={0} suffix="岁" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="loanAgeMax" label="借款人最高年龄" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={14} max={90} precision={0} suffix="岁" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={saving}>保存小额信贷设置</Button>
      </Form>
    </Card>
  );
}
