import { Alert, App, Button, Card, Empty, Space, Spin, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Overview } from '../../../shared/api/overview';
import { downloadBase64, invoke } from '../api';
import { useAsOf } from '../asOf';
import { Chart, type ChartOption } from '../components/Chart';
import { DATE_FORMAT, errorMessage } from '../lib/format';
import { navigate, type RouteKey } from '../navigation';
import { setPostsIntent } from './posts/intent';
import { ledgerNow } from '../clock';

const n = (x: number) => x.toLocaleString('zh-CN');
const money = (yuan: number) => (Math.abs(yuan) >= 100_000 ? `${(yuan / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 万元` : `${yuan.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`);
const pct = (x: number) => `${(x * 100).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`;

const COLORS = ['#1677ff', '#fa8c16', '#52c41a', '#8c8c8c', '#722ed1', '#13c2c2', '#eb2f96', '#faad14'];

/** A number that opens the list behind it. */
function Figure({ label, value, hint, to, testId }: { label: string; value: ReactNode; hint?: string; to: () => void; testId: string }) {
  return (
    <button type="button" className="ov-figure" onClick={to} data-testid={testId} title={hint ?? `查看${label}`}>
      <span className="ov-figure-label">{label}</span>
      <span className="ov-figure-value">{value}</span>
    </button>
  );
}

function Section({ title, extra, children, testId }: { title: string; extra?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <Card size="small" className="ov-card" data-testid={testId} title={title} extra={extra}>
      {children}
    </Card>
  );
}

const go = (route: RouteKey) => () => navigate(route);
const goPosts = (tab: 'library' | 'appointments') => () => { setPostsIntent({ tab }); navigate('posts'); };

function OverviewEmpty() {
  return (
    <div className="import-step" data-testid="overview-empty">
      <Empty
        description={
          <div>
            <p style={{ fontSize: 16, color: '#1f2937' }}>台账里还没有数据</p>
            <p>概览会在这里汇总人员、公益岗位、帮扶车间、小额信贷和问题清单的数字。建议按这个顺序开始：</p>
            <ol className="ov-steps">
              <li>导入县里下发的“脱贫人口及监测对象”名单；</li>
              <li>在“公益岗位”“帮扶车间”“小额信贷”中导入或录入各自的台账；</li>
              <li>回到概览查看数字，导出月报或县级交换包。</li>
            </ol>
          </div>
        }
      >
        <Space>
          <Button type="primary" onClick={go('import')}>导入人员名单</Button>
          <Button onClick={go('settings')}>先填写乡镇信息</Button>
          <Button onClick={go('exchange')}>县级合并交换包</Button>
        </Space>
      </Empty>
    </div>
  );
}

function charts(ov: Overview) {
  const hhPie: ChartOption = {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 人（{d}%）' },
    color: COLORS,
    series: [{ type: 'pie', radius: ['42%', '66%'], label: { formatter: '{b} {c}' }, data: ov.persons.byHouseholdType.map((t) => ({ name: t.key, value: t.count })) }],
  };
  const villages = ov.posts.byVillage;
  const postsBar: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 12, top: 30, bottom: 48 },
    color: ['#1677ff', '#d9d9d9'],
    xAxis: { type: 'category', data: villages.map((v) => v.village), axisLabel: { interval: 0, rotate: villages.length > 8 ? 35 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: '脱贫人口和监测对象', stack: 'a', data: villages.map((v) => v.priority), barMaxWidth: 28 },
      { type: 'bar', name: '其他人员', stack: 'a', data: villages.map((v) => v.active - v.priority), barMaxWidth: 28 },
    ],
  };
  const categoryPie: ChartOption = {
    tooltip: { trigger: 'item', formatter: '{b}：{c} 个岗位（{d}%）' },
    color: COLORS,
    // Category names are long (光伏公益岗 …): a smaller ring leaves room so labels and counts are not cut off at 1366 px.
    series: [{ type: 'pie', radius: ['34%', '54%'], label: { formatter: '{b} {c}', overflow: 'break' }, data: ov.posts.byCategory.map((c) => ({ name: c.category, value: c.active })) }],
  };
  const wv = ov.workshops.byVillage;
  const workshopBar: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 12, top: 30, bottom: 40 },
    color: ['#52c41a', '#d9d9d9'],
    xAxis: { type: 'category', data: wv.map((v) => v.village), axisLabel: { interval: 0, rotate: wv.length > 6 ? 35 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: '脱贫劳动力', stack: 'a', data: wv.map((v) => v.poor), barMaxWidth: 28 },
      { type: 'bar', name: '其他务工人员', stack: 'a', data: wv.map((v) => Math.max(0, v.employed - v.poor)), barMaxWidth: 28 },
    ],
  };
  const loanBar: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 12, top: 28, bottom: 48 },
    color: ['#fa8c16'],
    xAxis: { type: 'category', data: [...ov.loans.due.map((d) => `${d.window}天内到期`), ...ov.loans.overdue.map((o) => `逾期${o.label}`)], axisLabel: { interval: 0, fontSize: 11, rotate: 30 } },
    yAxis: { type: 'value', minInterval: 1, name: '笔' },
    series: [{
      type: 'bar', name: '笔数', barMaxWidth: 28,
      data: [...ov.loans.due.map((d) => ({ value: d.count, itemStyle: { color: '#faad14' } })), ...ov.loans.overdue.map((o) => ({ value: o.count, itemStyle: { color: '#f5222d' } }))],
    }],
  };
  const rules = [...ov.problems.byRule].sort((a, b) => b.count - a.count).slice(0, 10).reverse();
  const problemBar: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 150, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rules.map((r) => `${r.rule} ${r.title}${r.severity === 'error' ? '' : '（提醒）'}`), axisLabel: { fontSize: 11 } },
    series: [{ type: 'bar', name: '条数', barMaxWidth: 18, data: rules.map((r) => ({ value: r.count, itemStyle: { color: r.severity === 'error' ? '#f5222d' : '#faad14' } })) }],
  };
  return { hhPie, postsBar, categoryPie, workshopBar, loanBar, problemBar };
}

export function OverviewPage() {
  const { message } = App.useApp();
  // The header's 统计日期; null: today as the ledger's own clock has it (the backend decides, so the figures match stats).
  const { chosen } = useAsOf();
  const asOf = useMemo(() => (chosen ? dayjs(chosen) : null), [chosen]);
  const [ov, setOv] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [exporting, setExporting] = useState(false);

  const load = useCallback((d: Dayjs | null) => {
    setLoading(true);
    invoke('overview.get', d ? { asOf: d.format(DATE_FORMAT) } : {})
      .then((r) => { setOv(r); setError(null); }, (e) => setError(errorMessage(e)))
      .finally(() => setLoading(false));
  }, []);
  useEffect(() => { load(asOf); }, [load, asOf]);

  const shown = asOf ?? (ov ? dayjs(ov.asOf) : ledgerNow());
  const month = shown.format('YYYY-MM');
  const exportReport = async () => {
    setExporting(true);
    try {
      const f = await invoke('report.monthly', { month });
      downloadBase64(f.fileName, f.base64);
      message.success(`已导出${shown.format('YYYY年M月')}月报`);
    } catch (e) { message.error(errorMessage(e)); } finally { setExporting(false); }
  };

  const c = useMemo(() => (ov ? charts(ov) : null), [ov]);
  const empty = ov && ov.persons.total === 0 && ov.posts.active === 0 && ov.workshops.count === 0 && ov.loans.count === 0;

  return (
    <div className="page" data-testid="overview-page">
      <div className="page-header">
        <h2 className="page-title">概览{ov?.township ? ` · ${ov.township}` : ''}</h2>
        <span className="ov-asof" data-testid="overview-date">统计日期 {shown.format(DATE_FORMAT)}（在页面顶部修改）</span>
        <Button onClick={go('exchange')}>报表与交换</Button>
        <Button type="primary" loading={exporting} onClick={exportReport} disabled={!!empty}>导出{shown.format('YYYY年M月')}月报</Button>
      </div>
      {error && <Alert type="error" showIcon message="概览读取失败" description={error} action={<Button size="small" onClick={() => load(asOf)}>重试</Button>} />}
      {!ov && loading && <Spin style={{ marginTop: 48 }} />}
      {ov && empty && <OverviewEmpty />}
      {ov && !empty && c && (
        <Spin spinning={loading}>
          {ov.notes.length > 0 && (
            <Alert className="ov-notes" type={ov.historical ? 'info' : 'warning'} showIcon message={ov.notes.join('；')} />
          )}
          <div className="ov-grid">
            <Section title="人员" testId="ov-persons">
              <div className="ov-figures">
                <Figure label="人员" value={`${n(ov.persons.total)} 人`} to={go('persons')} testId="ov-persons-total" />
                <Figure label="户数" value={`${n(ov.persons.households)} 户`} to={go('persons')} testId="ov-persons-households" />
                <Figure label="行政村" value={`${n(ov.persons.villages)} 个`} to={go('persons')} testId="ov-persons-villages" />
              </div>
              <div className="ov-chips">
                {ov.persons.byMonitorCategory.map((m) => <Tag key={m.key} color="orange">监测·{m.key} {n(m.count)}</Tag>)}
              </div>
              <Chart option={c.hhPie} height={190} ariaLabel="人员按户类型" testId="ov-chart-households" onClick={() => navigate('persons')} />
            </Section>

            <Section title="公益岗位" testId="ov-posts">
              <div className="ov-figures">
                <Figure label="在岗" value={`${n(ov.posts.active)} 个`} to={goPosts('appointments')} testId="ov-posts-active" />
                <Figure label="在岗人员" value={`${n(ov.posts.holders)} 人`} to={goPosts('appointments')} testId="ov-posts-holders" />
                <Figure label="脱贫/监测占比" value={pct(ov.posts.priorityShare)} hint={`其中脱贫人口和监测对象 ${ov.posts.priorityActive} 个`} to={goPosts('appointments')} testId="ov-posts-share" />
                <Figure label="月补贴合计" value={money(ov.posts.monthlyWageYuan)} to={goPosts('appointments')} testId="ov-posts-wage" />
                <Figure label="岗位库" value={`${n(ov.posts.library)} 个`} to={goPosts('library')} testId="ov-posts-library" />
              </div>
              {ov.posts.byCategory.length > 0
                ? <Chart option={c.categoryPie} height={190} ariaLabel="公益岗位按类别" testId="ov-chart-categories" onClick={goPosts('library')} />
                : <div className="ov-muted ov-chart-empty">还没有在岗人员</div>}
            </Section>

            <Section title="问题清单" testId="ov-problems"
              extra={<Button type="link" size="small" onClick={go('issues')}>打开问题清单</Button>}>
              <div className="ov-figures">
                <Figure label="错误" value={<span className={ov.problems.error ? 'ov-bad' : undefined}>{n(ov.problems.error)} 条</span>} to={go('issues')} testId="ov-problems-error" />
                <Figure label="提醒" value={<span className={ov.problems.warning ? 'ov-warn' : undefined}>{n(ov.problems.warning)} 条</span>} to={go('issues')} testId="ov-problems-warning" />
              </div>
              {ov.problems.byRule.length > 0
                ? <Chart option={c.problemBar} height={Math.max(120, Math.min(10, ov.problems.byRule.length) * 22 + 36)} ariaLabel="问题按规则" testId="ov-chart-problems" onClick={go('issues')} />
                : <div className="ov-muted ov-chart-empty">没有发现问题</div>}
            </Section>

            <Section title="帮扶车间" testId="ov-workshops">
              <div className="ov-figures">
                <Figure label="车间" value={`${n(ov.workshops.count)} 个`} to={go('workshops')} testId="ov-workshops-count" />
                <Figure label="运营中" value={`${n(ov.workshops.operating)} 个`} hint="正常运营和经营困难" to={go('workshops')} testId="ov-workshops-operating" />
                <Figure label="吸纳就业" value={`${n(ov.workshops.employed)} 人`} to={go('workshops')} testId="ov-workshops-employed" />
                <Figure label="其中脱贫劳动力" value={`${n(ov.workshops.poorEmployed)} 人`} to={go('workshops')} testId="ov-workshops-poor" />
              </div>
              <div className="ov-chips">
                {ov.workshops.byStatus.map((s) => <Tag key={s.key} color={s.key === '正常运营' ? 'green' : s.key === '经营困难' ? 'orange' : 'default'}>{s.key} {s.count}</Tag>)}
              </div>
              {ov.workshops.byVillage.length > 0
                ? <Chart option={c.workshopBar} height={200} ariaLabel="帮扶车间分村吸纳就业" testId="ov-chart-workshops" onClick={go('workshops')} />
                : <div className="ov-muted ov-chart-empty">还没有帮扶车间</div>}
            </Section>

            <Section title="小额信贷" testId="ov-loans">
              <div className="ov-figures">
                <Figure label="贷款" value={`${n(ov.loans.count)} 笔`} to={go('loans')} testId="ov-loans-count" />
                <Figure label="放款金额" value={money(ov.loans.totalYuan)} to={go('loans')} testId="ov-loans-total" />
                <Figure label="贷款余额" value={money(ov.loans.activeYuan)} to={go('loans')} testId="ov-loans-active" />
                <Figure label="户贷率" value={pct(ov.loans.householdLoanRate)} hint="获贷户 ÷ 脱贫户（含监测户）" to={go('loans')} testId="ov-loans-rate" />
                <Figure label="即将到期" value={`${n(ov.loans.dueCount)} 笔`} hint={`${ov.loans.due.at(-1)?.window ?? 90} 天内到期，余额 ${money(ov.loans.dueYuan)}`} to={go('loans')} testId="ov-loans-due" />
                <Figure label="逾期" value={<span className={ov.loans.overdueCount ? 'ov-bad' : undefined}>{n(ov.loans.overdueCount)} 笔</span>} hint={`逾期余额 ${money(ov.loans.overdueYuan)}`} to={go('loans')} testId="ov-loans-overdue" />
              </div>
              {ov.loans.count > 0
                ? <Chart option={c.loanBar} height={200} ariaLabel="小额信贷到期与逾期" testId="ov-chart-loans" onClick={go('loans')} />
                : <div className="ov-muted ov-chart-empty">还没有贷款记录</div>}
            </Section>

            <Section title="防返贫监测" testId="ov-monitoring"
              extra={<Button type="link" size="small" onClick={go('monitoring')}>打开防返贫监测</Button>}>
              <div className="ov-figures">
                <Figure label="监测户" value={`${n(ov.monitoring.households)} 户`} hint={`监测对象 ${n(ov.monitoring.persons)} 人`} to={go('monitoring')} testId="ov-monitoring-households" />
                <Figure label="风险未消除" value={`${n(ov.monitoring.openHouseholds)} 户`} to={go('monitoring')} testId="ov-monitoring-open" />
                <Figure label="无开发式措施" value={<span className={ov.monitoring.noDevMeasure ? 'ov-bad' : undefined}>{n(ov.monitoring.noDevMeasure)} 户</span>}
                  hint="风险未消除、有劳动能力，没有公益岗位、车间务工、小额信贷或产业就业措施" to={go('monitoring')} testId="ov-monitoring-nodev" />
                <Figure label="办理超期" value={<span className={ov.monitoring.overdue ? 'ov-bad' : undefined}>{n(ov.monitoring.overdue)} 件</span>}
                  hint="认定、帮扶计划或措施落实超过时限" to={go('monitoring')} testId="ov-monitoring-overdue" />
              </div>
              <div className="ov-chips">
                {ov.monitoring.byVillage.map((v) => <Tag key={v.village} color={v.noDevMeasure ? 'red' : v.open ? 'orange' : 'default'}>{v.village} {v.households} 户{v.open ? `，未消除 ${v.open}` : ''}{v.noDevMeasure ? `，无措施 ${v.noDevMeasure}` : ''}</Tag>)}
              </div>
              {ov.monitoring.households === 0 && <div className="ov-muted ov-chart-empty">还没有监测户</div>}
            </Section>

            <Section title="公益岗位分村在岗" testId="ov-posts-villages">
              {ov.posts.byVillage.length > 0
                ? <Chart option={c.postsBar} height={300} ariaLabel="公益岗位分村在岗人数" testId="ov-chart-villages" onClick={goPosts('appointments')} />
                : <div className="ov-muted ov-chart-empty">还没有在岗人员</div>}
            </Section>
          </div>
        </Spin>
      )}
    </div>
  );
}
