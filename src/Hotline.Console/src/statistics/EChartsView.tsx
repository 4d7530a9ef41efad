import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Language } from '../i18n/i18n';
import type { ChartSeries } from './BarChart';
import { countForScale } from './format';

// Only what the console draws goes into this chunk (bars, lines, axes, legend, tooltip; SVG: it prints sharply).
// The chunk is loaded on first use (BarChart.tsx imports this file lazily): counsellors never download it.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

function reducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** The drawing itself (hidden from screen readers: the table beside it has the figures). */
export default function EChartsView({
  categories,
  series,
  height,
  language,
}: {
  categories: readonly string[];
  series: readonly ChartSeries[];
  height: number;
  language: Language;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (element.current === null) {
      return;
    }
    const instance = echarts.init(element.current, undefined, { renderer: 'svg', locale: language === 'fr' ? 'FR' : 'EN' });
    chart.current = instance;
    // The container's width follows the layout (a narrow window, the print page): the drawing follows it.
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    const beforePrint = () => instance.resize();
    window.addEventListener('beforeprint', beforePrint);
    return () => {
      window.removeEventListener('beforeprint', beforePrint);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [language]);

  useEffect(() => {
    chart.current?.setOption(
      {
        animation: !reducedMotion(),
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0, data: series.map((s) => s.name) },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'category', data: [...categories], axisLabel: { hideOverlap: true } },
        yAxis: { type: 'value', minInterval: 1 },
        series: series.map((s) => ({
          name: s.name,
          type: s.kind,
          data: s.values.map(countForScale),
          itemStyle: { color: s.colour },
          lineStyle: s.kind === 'line' ? { color: s.colour, width: 2, type: 'dashed' } : undefined,
          symbol: s.kind === 'line' ? 'circle' : undefined,
        })),
      },
      { notMerge: true },
    );
  }, [categories, series, language]);

  return <div ref={element} className="stat-chart" style={{ height }} aria-hidden="true" data-testid="chart" />;
}
