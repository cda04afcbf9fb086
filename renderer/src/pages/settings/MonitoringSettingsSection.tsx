import { Alert, Button, Card, Col, Form, InputNumber, Radio, Row, Space } from 'antd';
import { DEADLINE_PROFILE_LABELS, type DeadlineProfile } from '../../../../shared/monitoring';
import { fenToInput, inputToFen } from '../workshops/format';
import { useSettingsSection } from './useSettingsSection';
import { ledgerNow } from '../../clock';

interface FormValues {
  monitorDeadlineProfile: DeadlineProfile;
  lines: { year: number; yuan: number }[];
  monitorVisitMonths: number;
  monitorWorkAgeMin: number;
  monitorWorkAgeMax: number;
}

/** 防止返贫监测: deadlines of a new case, the monitoring line of each year, the visit interval and working age (seed 002). */
export function MonitoringSettingsSection() {
  const { form, loaded, saving, error, save } = useSettingsSection<FormValues>(
    (s) => ({
      monitorDeadlineProfile: s.monitorDeadlineProfile, monitorVisitMonths: s.monitorVisitMonths,
      monitorWorkAgeMin: s.monitorWorkAgeMin, monitorWorkAgeMax: s.monitorWorkAgeMax,
      lines: [...s.monitorLines].sort((a, b) => a.year - b.year).map((l) => ({ year: l.year, yuan: fenToInput(l.lineFen) ?? 0 })),
    }),
    (v) => {
      const years = v.lines.map((l) => l.year);
      const dup = years.find((y, i) => years.indexOf(y) !== i);
      if (dup) throw new Error(`监测线：${dup} 年填了两次，每年只填一个标准`);
      return {
        monitorDeadlineProfile: v.monitorDeadlineProfile, monitorVisitMonths: v.monitorVisitMonths,
        monitorWorkAgeMin: v.monitorWorkAgeMin, monitorWorkAgeMax: v.monitorWorkAgeMax,
        monitorLines: v.lines.map((l) => ({ year: l.year, lineFen: inputToFen(l.yuan) ?? 0 })),
      };
    },
    '防返贫监测设置已保存',
  );

  const required = [{ required: true, message: '必填' }];
  return (
    <Card title="防止返贫监测" data-testid="monitoring-settings">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<FormValues> form={form} name="monitoringSettings" layout="vertical" onFinish={save} disabled={!loaded}>
        <Form.Item name="monitorDeadlineProfile" label="新识别监测对象的办理时限" extra="发现后多少天内县级认定；认定后多少天内制定帮扶计划、落实帮扶措施" rules={required}>
          <Radio.Group options={(Object.keys(DEADLINE_PROFILE_LABELS) as DeadlineProfile[]).map((k) => ({ value: k, label: DEADLINE_PROFILE_LABELS[k] }))} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="monitorVisitMonths" label="走访间隔" extra="监测户至少每月走访一次：上一个完整月份没有走访即提醒" rules={required}>
              <InputNumber min={1} max={12} precision={0} prefix="每" suffix="个月至少一次" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="monitorWorkAgeMin" label="劳动年龄：最小" rules={required}>
              <InputNumber min={14} max={80} precision={0} suffix="岁" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="monitorWorkAgeMax" label="劳动年龄：最大" extra="有劳动能力的风险户须落实开发式帮扶（M01）" rules={required}>
              <InputNumber min={14} max={90} precision={0} suffix="岁" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="防止返贫监测线（人均纯收入，按年度）" extra="风险消除的户人均纯收入低于当年监测线时提醒（M02）；某年没有填写时用之前最近一年的标准。2023 年为 7,100 元">
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <Space direction="vertical">
                {fields.map((f) => (
                  <Space key={f.key}>
                    <Form.Item name={[f.name, 'year']} rules={required} noStyle><InputNumber min={2000} max={2100} precision={0} suffix="年" aria-label="年度" /></Form.Item>
                    <Form.Item name={[f.name, 'yuan']} rules={required} noStyle><InputNumber min={0} precision={2} suffix="元" aria-label="监测线" style={{ width: 160 }} /></Form.Item>
                    <Button onClick={() => remove(f.name)}>删除</Button>
                  </Space>
                ))}
                <Button onClick={() => add({ year: ledgerNow().year(), yuan: undefined })}>添加年度</Button>
              </Space>
            )}
          </Form.List>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>保存防返贫监测设置</Button>
      </Form>
    </Card>
  );
}
