import { Alert, App, Button, DatePicker, Input, Modal, Result, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { Village } from '../../../../shared/api/contract';
import type { Post, RenewalCandidate, RenewalResult } from '../../../../shared/api/posts';
import { invoke } from '../../api';
import { useAsOf } from '../../asOf';
import { DATE_FORMAT, errorMessage } from '../../lib/format';
import { navigate } from '../../navigation';
import { setPrintIntent } from '../print/intent';

interface Props {
  open: boolean;
  onClose: () => void;
  villages: Village[];
  /** Arriving from the 问题清单 (P13): these appointments, already selected, and the village they are in when only one. */
  preselect?: { ids: number[]; villageId?: number };
  /** After a renewal, so the page behind can reload. */
  onRenewed?: (r: RenewalResult) => void;
  /** Where the 打印 page's 返回 goes after printing the 续聘公示. */
  back?: 'posts' | 'issues';
}

function stateTag(a: RenewalCandidate) {
  if (a.state === '已期满') return <Tag color="red">已期满 {-a.daysLeft} 天</Tag>;
  if (a.state === '即将到期') return <Tag color="orange">{a.daysLeft === 0 ? '今天到期' : `${a.daysLeft} 天后到期`}</Tag>;
  return <Tag>{a.daysLeft} 天后到期</Tag>;
}

/**
 * 批量续聘: the agreements that have run out or end soon (到期提醒), filtered by village, post and end
 * date; the clerk ticks them, picks the new end date and renews them in one go. Afterwards the
 * 续聘公示 of exactly the renewed list is one click away.
 */
export function RenewalDialog({ open, onClose, villages, preselect, onRenewed, back = 'posts' }: Props) {
  const { message } = App.useApp();
  const { asOf, param } = useAsOf();
  const [villageId, setVillageId] = useState<number | undefined>(preselect?.villageId);
  const [postId, setPostId] = useState<number | undefined>();
  const [endingBefore, setEndingBefore] = useState<Dayjs | null>(null);
  const [posts, setPosts] = useState<Post[]>([]);
  const [data, setData] = useState<{ rows: RenewalCandidate[]; endingBefore: string; alertDays: number } | null>(null);
  const [selected, setSelected] = useState<number[]>(preselect?.ids ?? []);
  const [endDate, setEndDate] = useState<Dayjs | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<RenewalResult | null>(null);

  // Each opening starts afresh from what the caller asked for.
  useEffect(() => {
    if (!open) return;
    setVillageId(preselect?.villageId); setPostId(undefined); setEndingBefore(null);
    setSelected(preselect?.ids ?? []); setEndDate(null); setNote(''); setError(null); setDone(null);
  }, [open, preselect]);

  useEffect(() => {
    if (!open) return;
    invoke('posts.list', { villageId, status: '设立', limit: 500 }).then((r) => setPosts(r.rows), () => setPosts([]));
  }, [open, villageId]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    invoke('appointments.renewable', { asOf: param, villageId, postId, endingBefore: endingBefore?.format(DATE_FORMAT) })
      .then((r) => { if (live) { setData(r); setError(null); } }, (e) => { if (live) setError(errorMessage(e)); });
    return () => { live = false; };
  }, [open, param, villageId, postId, endingBefore]);

  const rows = useMemo(() => data?.rows ?? [], [data]);
  const shownIds = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  const chosen = selected.filter((id) => shownIds.has(id));
  const latestEnd = rows.filter((r) => chosen.includes(r.id)).reduce<string | null>((m, r) => (r.endDate && (!m || r.endDate > m) ? r.endDate : m), null);

  const renew = async () => {
    if (!chosen.length) { message.warning('请先勾选要续聘的人员'); return; }
    if (!endDate) { message.warning('请选择新的聘用结束日期'); return; }
    setBusy(true);
    setError(null);
    try {
      const r = await invoke('appointments.renew', { ids: chosen, endDate: endDate.format(DATE_FORMAT), note: note.trim() || null });
      setDone(r);
      message.success(`已续聘 ${r.renewed.length} 人至 ${r.endDate}`);
      onRenewed?.(r);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const printGongshi = () => {
    if (!done) return;
    const renewedVillages = new Set(rows.filter((r) => done.renewed.some((x) => x.id === r.id)).map((r) => r.villageName));
    const single = renewedVillages.size === 1 ? villages.find((v) => v.name === [...renewedVillages][0]) : undefined;
    setPrintIntent({ kind: 'gongshi', villageId: single?.id, appointmentIds: done.renewed.map((x) => x.id), renewal: true, back });
    onClose();
    navigate('print');
  };

  return (
    <Modal
      open={open} onCancel={onClose} width={1040} title="批量续聘" destroyOnHidden maskClosable={false}
      footer={done ? null : (
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} onClick={renew} disabled={!chosen.length || !endDate} data-testid="renewal-submit">
            续聘所选（{chosen.length} 人）
          </Button>
        </Space>
      )}
    >
      <div data-testid="renewal-dialog">
        {done ? (
          <Result
            status="success" title={`已续聘 ${done.renewed.length} 人，聘用结束日期改为 ${done.endDate}`}
            subTitle="每人的原结束日期和新结束日期已记入操作日志。续聘人员需要公示的，可以直接打印续聘公示。"
            extra={[
              <Button key="print" type="primary" onClick={printGongshi} data-testid="renewal-print">打印续聘公示</Button>,
              <Button key="close" onClick={onClose}>完成</Button>,
            ]}
          />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              统计日期 {asOf}：列出已期满仍在岗、以及{data ? ` ${data.alertDays} 天` : '提醒天数'}内到期的聘用协议（提醒天数在“设置→公益岗位”中修改）。已退岗和长期聘用的不列出。
            </Typography.Text>
            <Space wrap>
              <Select
                aria-label="村" style={{ width: 150 }} value={villageId ?? 0} data-testid="renewal-village"
                onChange={(v) => { setVillageId(v === 0 ? undefined : v); setPostId(undefined); }}
                options={[{ value: 0, label: '全部村' }, ...villages.map((v) => ({ value: v.id, label: v.name }))]}
              />
              <Select
                aria-label="岗位" style={{ width: 200 }} value={postId ?? 0} showSearch optionFilterProp="label" data-testid="renewal-post"
                onChange={(v) => setPostId(v === 0 ? undefined : v)}
                options={[{ value: 0, label: '全部岗位' }, ...posts.map((p) => ({ value: p.id, label: `${p.villageName ?? ''}${p.name}` }))]}
              />
              <Space size={4}>
                <span>结束日期早于</span>
                <DatePicker
                  value={endingBefore ?? (data ? dayjs(data.endingBefore) : null)} format={DATE_FORMAT} allowClear={false}
                  aria-label="结束日期早于" onChange={(d) => d && setEndingBefore(d)} style={{ width: 140 }}
                />
              </Space>
            </Space>
            {error && <Alert type="error" showIcon title={<span style={{ whiteSpace: 'pre-line' }}>{error}</span>} data-testid="renewal-error" />}
            <Table<RenewalCandidate>
              rowKey="id" size="small" dataSource={rows} data-testid="renewal-table" scroll={{ y: 320 }}
              pagination={rows.length > 200 ? { pageSize: 200, showSizeChanger: false } : false}
              rowSelection={{ selectedRowKeys: chosen, onChange: (keys) => setSelected(keys as number[]) }}
              locale={{ emptyText: '没有符合条件的到期聘用' }}
              columns={[
                { title: '村', dataIndex: 'villageName', width: 90 },
                { title: '岗位', dataIndex: 'postName', width: 120 },
                { title: '姓名', dataIndex: 'personName', width: 90 },
                { title: '身份证号', dataIndex: 'idNo', width: 170 },
                { title: '聘用开始', dataIndex: 'startDate', width: 100 },
                { title: '聘用结束', dataIndex: 'endDate', width: 100 },
                { title: '到期情况', key: 'state', width: 120, render: (_, a) => stateTag(a) },
              ]}
            />
            <Space wrap>
              <Space size={4}>
                <span>新的聘用结束日期</span>
                <DatePicker
                  value={endDate} onChange={setEndDate} format={DATE_FORMAT} aria-label="新的聘用结束日期" data-testid="renewal-end"
                  disabledDate={(d) => !!latestEnd && !d.isAfter(dayjs(latestEnd), 'day')} style={{ width: 150 }}
                />
              </Space>
              <Input placeholder="说明（可不填，记入操作日志）" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} style={{ width: 320 }} aria-label="续聘说明" />
              <Typography.Text type="secondary">已选 {chosen.length} / {rows.length} 人</Typography.Text>
            </Space>
          </Space>
        )}
      </div>
    </Modal>
  );
}
