import { Alert, Button, Card, Col, Form, InputNumber, Row } from 'antd';
import { fenToInput, inputToFen } from '../workshops/format';
import { useSettingsSection } from './useSettingsSection';

interface FormValues {
  workshopMinPoorWorkers: number;
  workshopMinContractMonths: number;
  minWageYuan: number;
  subsidyPerPersonYuan: number;
  subsidyCapYuan: number;
}

const yuanInput = { min: 0, precision: 2, suffix: '元', style: { width: '100%' } } as const;

/** 帮扶车间认定 and 一次性吸纳就业补助 rules that differ by county (see ../shared/FORMATS.md §4). */
export function WorkshopsSettingsSection() {
  const { form, loaded, saving, error, save } = useSettingsSection<FormValues>(
    (s) => ({
      workshopMinPoorWorkers: s.workshopMinPoorWorkers, workshopMinContractMonths: s.workshopMinContractMonths,
      minWageYuan: fenToInput(s.workshopMinWageFen), subsidyPerPersonYuan: fenToInput(s.workshopSubsidyPerPersonFen), subsidyCapYuan: fenToInput(s.workshopSubsidyCapFen),
    }),
    (v) => ({
      workshopMinPoorWorkers: v.workshopMinPoorWorkers, workshopMinContractMonths: v.workshopMinContractMonths,
      workshopMinWageFen: inputToFen(v.minWageYuan) ?? 0, workshopSubsidyPerPersonFen: inputToFen(v.subsidyPerPersonYuan) ?? 0,
      workshopSubsidyCapFen: inputToFen(v.subsidyCapYuan) ?? 0,
    }),
    '帮扶车间设置已保存',
  );

  const required = [{ required: true, message: '必填' }];
  return (
    <Card title="帮扶车间" data-testid="workshops-settings">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<FormValues> form={form} name="workshopsSettings" layout="vertical" onFinish={save} disabled={!loaded} data-testid="workshops-settings-form">
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="workshopMinPoorWorkers" label="认定：至少吸纳脱贫劳动力" extra="含监测对象；各县常见 5 人或 10 人" rules={required}>
              <InputNumber min={1} max={100} precision={0} suffix="人" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="workshopMinContractMonths" label="认定：劳动合同期限不少于" rules={required}>
              <InputNumber min={1} max={60} precision={0} suffix="个月" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="minWageYuan" label="认定：月工资不低于（最低工资标准）" extra="山西一类地区 1,880 元/月；按本县所在类别填写" rules={required}>
              <InputNumber {...yuanInput} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="subsidyPerPersonYuan" label="一次性吸纳就业补助（每人）" extra="常见 1,000 元或 2,000 元" rules={required}>
              <InputNumber {...yuanInput} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="subsidyCapYuan" label="每个车间补助上限" extra="常见 5 万元" rules={required}>
              <InputNumber {...yuanInput} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={saving}>保存帮扶车间设置</Button>
      </Form>
    </Card>
  );
}
