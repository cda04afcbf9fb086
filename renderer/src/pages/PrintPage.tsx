import { Alert, App, Button, DatePicker, Select, Segmented, Space, Spin, Steps, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Village } from '../../../shared/api/contract';
import type { GongshiRecord, PrintKind, PrintResult } from '../../../shared/api/print';
import { PRINT_KIND_LABELS, PRINT_KINDS } from '../../../shared/api/labels';
import { ApiError, downloadBase64, invoke } from '../api';
import { errorMessage } from '../lib/format';
import { navigate } from '../navigation';
import { takePrintIntent } from './print/intent';
import { ledgerNow } from '../clock';

const MONTH_LABEL: Partial<Record<PrintKind, string>> = {
  gongshi: '只列该月新聘',
  exitGongshi: '退岗月份',
  roster: '在岗月份',
  wages: '发放月份',
  loans: '放款月份',
  loanGongshi: '放款月份',
  visits: '走访月份',
  eliminationGongshi: '风险消除月份',
};
/** The lists are counted up to a day (统计截止), the 花名册 and 工资表 carry a 填报日期. */
const AS_OF_KINDS: ReadonlySet<PrintKind> = new Set(['workshops', 'employments', 'loans']);
const dateLabel = (k: PrintKind) => (isGongshi(k) || k === 'loanGongshi' || k === 'eliminationGongshi' ? '公示开始日期' : AS_OF_KINDS.has(k) ? '统计截止日期' : '填报日期');
const BACK_LABEL = { posts: '返回公益岗位', loans: '返回小额信贷', issues: '返回问题清单', monitoring: '返回防返贫监测' } as const;
const isGongshi = (k: PrintKind) => k === 'gongshi' || k === 'exitGongshi';
const cn = (iso: string) => dayjs(iso).format('YYYY年M月D日');

/**
 * 打印: 聘用公示, 退岗公示, 花名册, 工资发放表 and the workshop and loan lists as the backend lays them out (A4, header on every
 * page, 第X页 共Y页), shown in a sandboxed frame. 打印 prints that frame; 导出PDF asks the backend
 * for a PDF through the same invoke — the desktop app renders it with Electron's printToPDF, the
 * browser mode with a Chromium/Edge on this computer — and falls back to the print dialog’s “另存为 PDF”.
 * Printing or exporting a 公示 records it, so the 问题清单 no longer asks for it.
 */
export function PrintPage() {
  const { message, modal } = App.useApp();
  const [intent] = useState(takePrintIntent);
  const [kind, setKind] = useState<PrintKind>(intent?.kind ?? 'gongshi');
  const [villageId, setVillageId] = useState<number | undefined>(intent?.villageId);
  const [chosenMonth, setChosenMonth] = useState<Dayjs | null>(intent?.month ? dayjs(intent.month + '-01') : null);
  // Until a month is chosen, a 聘用公示 lists the hires starting in the month it is posted (not every agreement
  // ever made, which put 2024's expired ones under a 2026 title); 清空 shows all.
  const [monthTouched, setMonthTouched] = useState(!!intent?.month);
  const [start, setStart] = useState<Dayjs>(() => ledgerNow());
  const month = useMemo(() => (kind === 'gongshi' && !monthTouched ? start.startOf('month') : chosenMonth), [kind, monthTouched, start, chosenMonth]);
  const setMonth = (d: Dayjs | null) => { setMonthTouched(true); setChosenMonth(d); };
  // A list handed over by 批量续聘 or the 问题清单: only for the 聘用公示, until the clerk drops it.
  const [listed, setListed] = useState<{ ids: number[]; renewal: boolean } | null>(
    intent?.appointmentIds?.length ? { ids: intent.appointmentIds, renewal: !!intent.renewal } : null,
  );
  const [villages, setVillages] = useState<Village[]>([]);
  const [result, setResult] = useState<PrintResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [busy, setBusy] = useState<'print' | 'pdf' | null>(null);
  // 导出PDF in steps with the seconds spent, instead of a bare spinner (the first PDF also starts a browser).
  const [pdfStep, setPdfStep] = useState<number | null>(null);
  const [pdfSeconds, setPdfSeconds] = useState(0);
  const exporting = pdfStep != null;
  useEffect(() => {
    if (!exporting) return undefined;
    const t0 = Date.now();
    setPdfSeconds(0);
    const timer = setInterval(() => setPdfSeconds(Math.floor((Date.now() - t0) / 1000)), 500);
    return () => clearInterval(timer);
  }, [exporting]);
  const [records, setRecords] = useState<GongshiRecord[]>([]);
  const frame = useRef<HTMLIFrameElement>(null);

  useEffect(() => { invoke('villages.list', {}).then(setVillages, (e) => message.error(errorMessage(e))); }, [message]);
  const loadRecords = useCallback(() => { invoke('print.records', { limit: 5 }).then(setRecords, () => { /* optional */ }); }, []);
  useEffect(loadRecords, [loadRecords]);

  const params = useCallback(() => ({
    kind, villageId, month: month ? month.format('YYYY-MM') : undefined, startDate: start.format('YYYY-MM-DD'),
    ...(kind === 'gongshi' && listed ? { appointmentIds: listed.ids, renewal: listed.renewal } : {}),
  }), [kind, villageId, month, start, listed]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    invoke('print.html', params())
      .then((r) => { if (live) setResult(r); }, (e) => { if (live) { setResult(null); setError(errorMessage(e)); } })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
  }, [params]);

  const record = useCallback(async () => {
    if (!result || !isGongshi(kind) || result.rows === 0) return;
    try {
      const p = params();
      const r = await invoke('print.record', { kind: kind as 'gongshi' | 'exitGongshi', villageId: p.villageId, startDate: p.startDate, month: p.month, appointmentIds: p.appointmentIds, renewal: p.renewal });
      message.success(`已记录本次${PRINT_KIND_LABELS[kind]}：${r.scope}，公示期 ${cn(r.startDate)}至${cn(r.endDate)}`);
      loadRecords();
    } catch (e) { message.error(errorMessage(e)); }
  }, [result, kind, params, message, loadRecords]);

  const printFrame = useCallback(() => {
    const w = frame.current?.contentWindow;
    if (!w) return false;
    w.focus();
    w.print();
    return true;
  }, []);

  /** 打印前核对: the people on the sheet with findings; printing goes ahead only when the clerk says so. */
  const confirmFindings = (): Promise<boolean> => {
    const n = result?.findings.length ?? 0;
    if (!n) return Promise.resolve(true);
    return new Promise((resolve) => modal.confirm({
      title: `名单上有 ${new Set(result!.findings.map((f) => f.id)).size} 人在问题清单里（${n} 条）`,
      content: '这些问题打印后会一起公示或发放。建议先在“问题清单”中处理或核实；确认无误也可以继续打印。',
      okText: '仍然打印', cancelText: '先去处理', onOk: () => resolve(true), onCancel: () => resolve(false),
    }));
  };

  const onPrint = async () => {
    if (!(await confirmFindings())) return;
    setBusy('print');
    try { if (printFrame()) await record(); } finally { setBusy(null); }
  };

  const onPdf = async () => {
    if (!(await confirmFindings())) return;
    setBusy('pdf');
    setPdfStep(0);
    try {
      const r = await invoke('print.pdf', params());
      setPdfStep(1);
      downloadBase64(r.fileName, r.base64, 'application/pdf');
      message.success(`已导出 ${r.fileName}`);
      setPdfStep(2);
      await record();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NOT_FOUND') {
        message.info('这台电脑不能直接生成 PDF：请在接下来的打印对话框中把打印机选为“另存为 PDF”。', 6);
        if (printFrame()) await record();
      } else message.error(errorMessage(e));
    } finally { setBusy(null); setPdfStep(null); }
  };

  return (
    <div className="page print-page">
      <div className="page-header">
        <h2 className="page-title">打印</h2>
        <Button onClick={() => navigate(intent?.back ?? 'posts')}>{BACK_LABEL[intent?.back ?? 'posts']}</Button>
      </div>
      <Space wrap size={[16, 8]}>
        <Segmented<PrintKind>
          value={kind} onChange={setKind} data-testid="print-kind"
          options={PRINT_KINDS.map((k) => ({ value: k, label: PRINT_KIND_LABELS[k] }))}
        />
        <Select
          aria-label="村" style={{ width: 150 }} value={villageId ?? 0}
          onChange={(v) => setVillageId(v === 0 ? undefined : v)}
          options={[{ value: 0, label: '全乡镇' }, ...villages.map((v) => ({ value: v.id, label: v.name }))]}
        />
        <Space size={4}>
          <span>{MONTH_LABEL[kind] ?? '月份'}</span>
          <DatePicker
            picker="month" value={month} onChange={setMonth} allowClear aria-label={MONTH_LABEL[kind] ?? '月份'}
            placeholder={kind === 'wages' ? '最近有考勤的月份' : kind === 'loanGongshi' || kind === 'eliminationGongshi' ? '公示当年' : kind === 'visits' ? '填报日期所在月' : '不限'} style={{ width: 180 }}
          />
        </Space>
        <Space size={4}>
          <span>{dateLabel(kind)}</span>
          <DatePicker value={start} onChange={(d) => d && setStart(d)} allowClear={false} aria-label={dateLabel(kind)} style={{ width: 140 }} />
        </Space>
        {kind === 'gongshi' && listed && (
          <Tag closable color="blue" onClose={() => setListed(null)} data-testid="print-listed">
            只列{listed.renewal ? '续聘的' : '选定的'} {listed.ids.length} 人
          </Tag>
        )}
        <Space>
          <Button type="primary" onClick={onPrint} loading={busy === 'print'} disabled={!result || loading}>打印</Button>
          <Button onClick={onPdf} loading={busy === 'pdf'} disabled={!result || loading}>导出PDF</Button>
        </Space>
      </Space>

      {pdfStep != null && (
        <Steps
          size="small" current={pdfStep} data-testid="pdf-progress" style={{ maxWidth: 720 }}
          items={[
            { title: '排版生成PDF', description: pdfStep === 0 ? `已用 ${pdfSeconds} 秒${pdfSeconds >= 3 ? '（第一次导出要先启动浏览器）' : ''}` : undefined },
            { title: '保存文件' },
            ...(isGongshi(kind) ? [{ title: '记录公示' }] : []),
          ]}
        />
      )}
      {error && <Alert type="error" showIcon message={error} />}
      {result && (
        <Typography.Text type="secondary" data-testid="print-summary">
          {result.title}：共 {result.rows} 条，A4{result.orientation === 'landscape' ? '横向' : '纵向'}
          {result.gongshi && `；公示期 ${cn(result.gongshi.startDate)}至${cn(result.gongshi.endDate)}（共${result.gongshi.days}天，天数在“设置”中修改）`}
          {isGongshi(kind) && '；打印或导出后记为已公示'}
        </Typography.Text>
      )}
      {result && result.warnings.length > 0 && (
        <Alert
          type="warning" showIcon data-testid="print-warnings"
          message={`打印前请核对（${result.warnings.length} 条）`}
          description={<ul style={{ margin: 0, paddingLeft: 18 }}>{result.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>}
        />
      )}
      {result && result.findings.length > 0 && (
        <Alert
          type="error" showIcon data-testid="print-findings"
          message={`打印前核对：名单上 ${new Set(result.findings.map((f) => f.id)).size} 人在问题清单里`}
          description={(
            <ul style={{ margin: 0, paddingLeft: 18, maxHeight: 160, overflow: 'auto' }}>
              {result.findings.map((f, i) => <li key={i}>{f.village ?? ''} {f.name}：{f.message}</li>)}
            </ul>
          )}
          action={<Button size="small" onClick={() => navigate('issues')}>去问题清单</Button>}
        />
      )}
      {isGongshi(kind) && records.length > 0 && (
        <div>
          <span>最近记录的公示：</span>
          {records.map((r) => <Tag key={r.id}>{r.kind} · {r.scope} · {cn(r.startDate)}至{cn(r.endDate)}</Tag>)}
        </div>
      )}

      <Spin spinning={loading}>
        <iframe
          ref={frame} title="打印预览" data-testid="print-frame"
          style={{ display: 'block', width: '100%', height: 'calc(100vh - 290px)', minHeight: 480, border: '1px solid #d9d9d9', background: '#e9e9e9' }}
          // Same origin so the page can call print() on it; no scripts run inside.
          sandbox="allow-same-origin allow-modals"
          srcDoc={result?.html ?? '<!doctype html><meta charset="utf-8"><body></body>'}
        />
      </Spin>
    </div>
  );
}
