import { Alert, Button, Card, Col, Form, InputNumber, Row, Select } from 'antd';
import { POST_CATEGORIES } from '../../../../shared/wages';
import { toFen, toYuanInput } from '../posts/money';
import { useSettingsSection } from './useSettingsSection';

interface FormValues {
  postsPerHousehold: number;
  ageMaleMin: number;
  ageMaleMax: number;
  ageFemaleMin: number;
  ageFemaleMax: number;
  vacantMonths: number;
  appointmentDueAlertDays: number;
  pvWageFloorYuan?: number;
  postCategories: string[];
}

const age = { min: 14, max: 80, precision: 0, suffix: '岁', style: { width: '100%' } } as const;

/** 公益岗位 rules that differ by county: the checks read them, the clerk sets them here. */
export function PostsSettingsSection() {
  const { form, loaded, saving, error, save } = useSettingsSection<FormValues>(
    (s) => ({
      postsPerHousehold: s.postsPerHousehold, ageMaleMin: s.ageMaleMin, ageMaleMax: s.ageMaleMax, ageFemaleMin: s.ageFemaleMin,
      ageFemaleMax: s.ageFemaleMax, vacantMonths: s.vacantMonths, appointmentDueAlertDays: s.appointmentDueAlertDays, pvWageFloorYuan: toYuanInput(s.pvWageFloorFen), postCategories: s.postCategories,
    }),
    ({ pvWageFloorYuan, ...rest }) => ({
      ...rest, postCategories: [...new Set(rest.postCategories.map((c) => c.trim()).filter(Boolean))], pvWageFloorFen: toFen(pvWageFloorYuan) ?? 0,
    }),
    '公益岗位设置已保存',
  );

  const notBelow = (other: keyof FormValues, what: string) => ({ getFieldValue }: { getFieldValue: (n: keyof FormValues) => unknown }) => ({
    validator: (_: unknown, v: number | null) => {
      const min = getFieldValue(other) as number | null;
      return v == null || min == null || v >= min ? Promise.resolve() : Promise.reject(new Error(`不能小于${what}`));
    },
  });

  return (
    <Card title="公益岗位" data-testid="posts-settings">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<FormValues> form={form} name="postsSettings" layout="vertical" onFinish={save} disabled={!loaded} data-testid="posts-settings-form">
        <Row gutter={16}>
          <Col span={6}><Form.Item name="ageMaleMin" label="男 最小年龄" rules={[{ required: true, message: '必填' }]}><InputNumber {...age} /></Form.Item></Col>
          <Col span={6}>
            <Form.Item name="ageMaleMax" label="男 最大年龄" dependencies={['ageMaleMin']} rules={[{ required: true, message: '必填' }, notBelow('ageMaleMin', '男最小年龄')]}>
              <InputNumber {...age} />
            </Form.Item>
          </Col>
          <Col span={6}><Form.Item name="ageFemaleMin" label="女 最小年龄" rules={[{ required: true, message: '必填' }]}><InputNumber {...age} /></Form.Item></Col>
          <Col span={6}>
            <Form.Item name="ageFemaleMax" label="女 最大年龄" dependencies={['ageFemaleMin']} rules={[{ required: true, message: '必填' }, notBelow('ageFemaleMin', '女最小年龄')]}>
              <InputNumber {...age} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="postsPerHousehold" label="每户最多岗位数" extra="超过时提示“一户多岗”" rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={1} max={10} precision={0} suffix="个" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="vacantMonths" label="岗位空置月数" extra="连续这么多个月无人在岗，提示“岗位虚设”" rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={1} max={24} precision={0} suffix="个月" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="appointmentDueAlertDays" label="聘用到期提醒" extra="聘用协议在这么多天内到期时，在“聘用”和“批量续聘”中提醒" rules={[{ required: true, message: '必填' }]}>
              <InputNumber min={1} max={366} precision={0} suffix="天" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="pvWageFloorYuan" label="光伏岗位最低月补贴" extra="低于此数提示“光伏平均分配”；0 表示不检查">
              <InputNumber min={0} precision={2} step={100} suffix="元" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="postCategories" label="岗位类别" extra="新增岗位时可选的类别；输入后按回车添加" rules={[{ required: true, type: 'array', min: 1, message: '至少保留一个类别' }]}>
              <Select mode="tags" aria-label="岗位类别" tokenSeparators={[',', '，', '、']} options={POST_CATEGORIES.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={saving}>保存公益岗位设置</Button>
      </Form>
    </Card>
  );
}
