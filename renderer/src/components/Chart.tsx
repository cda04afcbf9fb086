import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart, type BarSeriesOption, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// Only what the overview draws: bars and pies, with grid, legend and tooltip. Bundled by Vite, no CDN.
// SVG keeps Chinese labels crisp on old office screens and in screenshots.
echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

// ECharts measures label widths itself: it needs a real font stack (the page's), not 'inherit'.
const FONT = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

export type ChartOption = echarts.ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

interface Props {
  option: ChartOption;
  height?: number;
  /** Clicking a bar or a slice: its category name (or the series name for a pie) and its data index. */
  onClick?: (name: string, index: number) => void;
  testId?: string;
  ariaLabel: string;
}

/** One ECharts chart that follows its container's width and lets go of everything on unmount. */
export function Chart({ option, height = 240, onClick, testId, ariaLabel }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = ref.current!;
    const c = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => click.current?.(String(p.name ?? ''), p.dataIndex ?? 0));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => { ro.disconnect(); c.dispose(); chart.current = null; };
  }, []);

  useEffect(() => {
    // The clerk prefers no animation on old PCs; the data is small, so nothing is lost.
    chart.current?.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option }, true);
  }, [option]);

  return <div ref={ref} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} data-testid={testId} role="img" aria-label={ariaLabel} />;
}
