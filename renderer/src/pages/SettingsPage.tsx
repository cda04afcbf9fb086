import { Alert, App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Settings } from '../../../shared/api/contract';
import { invoke } from '../api';
import { useAppInfo } from '../appInfo';
import { errorMessage } from '../lib/format';
import { VillagesSection } from './settings/VillagesSection';
import { PostsSettingsSection } from './settings/PostsSettingsSection';
import { LoansSettingsSection } from './settings/LoansSettingsSection';
import { WorkshopsSettingsSection } from './settings/WorkshopsSettingsSection';
import { MonitoringSettingsSection } from './settings/MonitoringSettingsSection';
import { LockSettingsCard } from '../safety/LockSettingsCard';

export function SettingsPage() {
  const { message } = App.useApp();
  const { info, refresh } = useAppInfo();
  const [form] = Form.useForm<Settings>();
  const [loaded, setLoaded] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    invoke('settings.get', {}).then((s) => { form.setFieldsValue(s); setLoaded(true); }, (e) => setError(errorMessage(e)));
  }, [form]);

  const save = async (values: Settings) => {
    setSaving(true);
    setError(null);
    try {
      const trimmed = { ...values, county: values.county.trim(), township: values.township.trim(), regionCode: values.regionCode.trim(), supervisionPhone: values.supervisionPhone.trim(), operator: values.operator.trim() };
      form.setFieldsValue(await invoke('settings.update', trimmed));
      refresh();
      message.success('设置已保存');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page page-narrow">
      <div className="page-header"><h2 className="page-title">设置</h2></div>
      <Card title="本乡镇">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form<Settings> form={form} name="settings" layout="vertical" onFinish={save} disabled={!loaded} data-testid="settings-form">
          <Row gutter={16}>
            <Col span={8}><Form.Item name="county" label="县"><Input placeholder="如 昔阳县" /></Form.Item></Col>
            <Col span={8}><Form.Item name="township" label="乡镇"><Input placeholder="如 乐平镇" /></Form.Item></Col>
            <Col span={8}>
              <Form.Item name="regionCode" label="行政区划代码" rules={[{ pattern: /^\d{0,12}$/, message: '行政区划代码只能是数字（乡镇为9或12位）' }]}>
                <Input maxLength={12} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="supervisionPhone" label="监督电话" extra="印在公示上">
                <Input placeholder="如 0354-1234567" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="gongshiDays" label="公示天数" extra="各县规定不同，常见 3、5、7 天" rules={[{ required: true, message: '请输入公示天数' }]}>
                <InputNumber min={1} max={30} precision={0} suffix="天" style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col span={8}><Form.Item name="operator" label="操作员姓名" extra="记录在每次修改和导入上"><Input /></Form.Item></Col>
            <Col span={24}>
              <Form.Item name="maskIdsOnPrint" label="打印时隐藏身份证号中间位" valuePropName="checked" extra="开启时打印为 前6位 + ******** + 后4位">
                <Switch checkedChildren="隐藏" unCheckedChildren="完整" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={saving}>保存设置</Button>
        </Form>
      </Card>
      <VillagesSection />
      <PostsSettingsSection />
      <WorkshopsSettingsSection />
      <LoansSettingsSection />
      <MonitoringSettingsSection />
      <LockSettingsCard />
      <Card title="数据">
        <Descriptions column={1} size="small" items={[
          { key: 'file', label: '数据文件', children: <Typography.Text copyable data-testid="settings-dbfile">{info?.dbFile ?? '…'}</Typography.Text> },
          { key: 'dir', label: '数据目录', children: info?.dataDir ?? '…' },
          { key: 'ver', label: '程序版本', children: `${info?.version ?? ''}（数据库结构第 ${info?.schemaVersion ?? ''} 版）` },
        ]} />
      </Card>
    </div>
  );
}
