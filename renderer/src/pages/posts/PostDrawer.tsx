import { Alert, App, AutoComplete, Button, Col, DatePicker, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { Village } from '../../../../shared/api/contract';
import type { Appointment, Post } from '../../../../shared/api/posts';
import { invoke } from '../../api';
import { DrawerFooter } from '../../components/DrawerFooter';
import { DATE_FORMAT, errorMessage } from '../../lib/format';
import { toFen, toYuanInput, yuan } from './money';
import { ledgerNow } from '../../clock';

interface FormValues {
  villageId?: number;
  name: string;
  category: string;
  fundSource?: string;
  headcount: number;
  duties?: string;
  workTime?: string;
  wageYuan?: number;
  councilDate?: Dayjs;
  councilRecord?: string;
}

const FUND_SOURCES = ['衔接资金', '光伏收益', '村集体经济收入', '县级财政', '其他'];
const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

function toValues(p: Post | null): Partial<FormValues> {
  if (!p) return { headcount: 1, category: '乡村公益岗' };
  return {
    villageId: p.villageId ?? undefined, name: p.name, category: p.category, fundSource: p.fundSource ?? undefined,
    headcount: p.headcount, duties: p.duties ?? undefined, workTime: p.workTime ?? undefined, wageYuan: toYuanInput(p.wageFen),
    councilDate: p.councilDate ? dayjs(p.councilDate) : undefined, councilRecord: p.councilRecord ?? undefined,
  };
}

interface Props {
  open: boolean;
  post: Post | null;
  villages: Village[];
  categories: string[];
  onClose: () => void;
  onChanged: () => void;
  /** Opens a holder in the 聘用 tab. */
  onOpenHolder?: (a: Appointment) => void;
}

/** One post of the 岗位库: its fields, 撤销, and who holds it. */
export function PostDrawer({ open, post, villages, categories, onClose, onChanged, onOpenHolder }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [holders, setHolders] = useState<Appointment[] | null>(null);
  const [revoking, setRevoking] = useState<Dayjs | null | undefined>(undefined); // undefined = dialog closed
  const revoked = post?.status === '撤销';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(toValues(post));
    setError(null);
    setHolders(null);
    if (post) {
      invoke('appointments.list', { postId: post.id, limit: 1000 }).then((r) => setHolders(r.rows), (e) => setError(errorMessage(e)));
    }
  }, [open, post, form]);

  const save = async (v: FormValues) => {
    setSaving(true);
    setError(null);
    try {
      const input = {
        villageId: v.villageId ?? null, name: v.name.trim(), category: v.category, fundSource: blank(v.fundSource),
        headcount: v.headcount, duties: blank(v.duties), workTime: blank(v.workTime), wageFen: toFen(v.wageYuan) ?? 0,
        councilDate: v.councilDate ? v.councilDate.format(DATE_FORMAT) : null, councilRecord: blank(v.councilRecord),
      };
      const saved = post ? await invoke('posts.update', { ...input, id: post.id }) : await invoke('posts.create', input);
      message.success(`已保存岗位：${saved.name}`);
      onChanged();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const revoke = async () => {
    if (!post || !revoking) return;
    try {
      await invoke('posts.revoke', { id: post.id, date: revoking.format(DATE_FORMAT) });
      message.success(`已撤销岗位：${post.name}`);
      setRevoking(undefined);
      onChanged();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setRevoking(undefined);
    }
  };

  const footer = (
    <DrawerFooter saving={saving} readOnly={revoked} onSave={() => form.submit()} onCancel={onClose}>
      {post && !revoked && <Button danger onClick={() => setRevoking(ledgerNow())}>撤销岗位</Button>}
    </DrawerFooter>
  );

  return (
    <Drawer
      open={open} onClose={onClose} size={620} destroyOnHidden footer={footer}
      title={post ? `岗位：${post.name}` : '新增岗位'}
    >
      {revoked && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={`此岗位已于 ${post?.statusDate ?? ''} 撤销，只能查看。`} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="post-form-error" />}
      <Form<FormValues> form={form} name="post" layout="vertical" onFinish={save} disabled={revoked} data-testid="post-form" requiredMark>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="villageId" label="村" rules={[{ required: true, message: '请选择村' }]}
              extra={villages.length ? undefined : '还没有村：请到“设置 → 村管理”添加'}>
              <Select showSearch={{ optionFilterProp: 'label' }} placeholder="选择村" options={villages.map((v) => ({ value: v.id, label: v.name }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label="岗位名称" rules={[{ required: true, whitespace: true, message: '请输入岗位名称' }, { max: 40, message: '岗位名称不能超过40个字' }]}>
              <Input autoComplete="off" placeholder="如 保洁员、护林员" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="category" label="岗位类别" rules={[{ required: true, message: '请选择岗位类别' }]}>
              <Select options={categories.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="fundSource" label="资金来源">
              <AutoComplete allowClear placeholder="选择或输入" options={FUND_SOURCES.map((f) => ({ value: f }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="headcount" label="人员数量" rules={[{ required: true, message: '请输入设岗人数' }]}>
              <InputNumber min={0} max={999} precision={0} suffix="人" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="wageYuan" label="月补贴标准" rules={[{ required: true, message: '请输入月补贴标准' }]}>
              <InputNumber min={0} precision={2} step={100} suffix="元" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="workTime" label="工作时间"><Input autoComplete="off" placeholder="如 每月不少于20天，每天上午8-11时" /></Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="duties" label="工作职责"><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="councilDate" label="村委会研究日期">
              <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} placeholder="YYYY-MM-DD" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="councilRecord" label="村委会研究记录" extra="按需设岗：记下会议研究设岗的情况，检查时要看">
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {post && (
        <div data-testid="post-holders">
          <h4 style={{ margin: '8px 0' }}>聘用人员（含历史）</h4>
          <Table<Appointment>
            rowKey="id" size="small" pagination={false} loading={holders === null} dataSource={holders ?? []}
            locale={{ emptyText: '这个岗位还没有聘用人员' }}
            onRow={(a) => ({ onClick: () => onOpenHolder?.(a), style: onOpenHolder ? { cursor: 'pointer' } : undefined })}
            columns={[
              { title: '姓名', dataIndex: 'personName' },
              { title: '聘用起止', key: 'term', render: (_, a) => `${a.startDate} 至 ${a.endDate ?? '—'}` },
              { title: '月补贴(元)', key: 'wage', align: 'right', render: (_, a) => yuan(a.wageFen) },
              {
                title: '状态', key: 'status',
                render: (_, a) => <Tag color={a.status === '在岗' ? 'green' : a.status === '待岗' ? 'orange' : undefined}>{a.status}{a.exitDate ? ` ${a.exitDate}` : ''}</Tag>,
              },
            ]}
          />
        </div>
      )}
      <Modal
        open={revoking !== undefined} title={`撤销岗位“${post?.name ?? ''}”`} okText="撤销岗位" cancelText="取消"
        okButtonProps={{ danger: true, disabled: !revoking }} onOk={revoke} onCancel={() => setRevoking(undefined)} destroyOnHidden
      >
        <p>撤销后岗位保留在岗位库中（状态为撤销），不能再聘用新人员。{post && post.activeHolders > 0 ? `现有 ${post.activeHolders} 人在岗，请先办理退岗。` : ''}</p>
        <Space>
          <span>撤销日期</span>
          <DatePicker aria-label="撤销日期" format={DATE_FORMAT} value={revoking ?? null} onChange={(d) => setRevoking(d)} />
        </Space>
      </Modal>
    </Drawer>
  );
}
