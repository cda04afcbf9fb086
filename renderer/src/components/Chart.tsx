import { Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ComposeOption, ECharts } from 'echarts/core';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

// ECharts (about a third of the UI's code) is loaded with the first chart, not with every page: the
// clerk mostly works in the rosters, and each window start would otherwise parse it.
let engine: Promise<typeof import('./chartEngine')> | null = null;
// A failed load is forgotten, so the next chart tries again (an old window after an upgrade asks for a file
// that is gone: the clerk is told to reload).
const loadEngine = () => (engine ??= import('./chartEngine').catch((e: unknown) => { engine = null; throw e; }));

// ECharts measures label widths itself: it needs a real font stack (the page's), not 'inherit'.
const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

interface Props {
  option: ChartOption;
  height?: number;
  /** Clicking a bar or a slice: its category name (or the series name for a pie) and its data index. */
  onClick?: (name: string, index: number) => void;
  testId?: string;
  ariaLabel: string;
}

// The clerk prefers no animation on old PCs; the data is small, so nothing is lost.
const draw = (c: ECharts, option: ChartOption) => c.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option }, true);

/** One ECharts chart that follows its container's width and lets go of everything on unmount. */
export function Chart({ option, height = 240, onClick, testId, ariaLabel }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [failed, setFailed] = useState(false);
  const optionRef = useRef(option);
  optionRef.current = option;
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = ref.current!;
    let c: ECharts | null = null;
    let ro: ResizeObserver | null = null;
    let gone = false;
    void loadEngine().then(({ echarts }) => {
      if (gone) return;
      c = echarts.init(el, undefined, { renderer: 'svg' });
      chart.current = c;
      c.on('click', (p) => click.current?.(String(p.name ?? ''), p.dataIndex ?? 0));
      ro = new ResizeObserver(() => c?.resize());
      ro.observe(el);
      draw(c, optionRef.current);
    }, () => { if (!gone) setFailed(true); });
    return () => { gone = true; ro?.disconnect(); c?.dispose(); chart.current = null; };
  }, []);

  useEffect(() => { if (chart.current) draw(chart.current, option); }, [option]);

  return (
    <div ref={ref} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} data-testid={testId} role="img" aria-label={ariaLabel}>
      {failed && <Typography.Text type="secondary">图表没有加载出来，请按 F5 刷新页面</Typography.Text>}
    </div>
  );
}
