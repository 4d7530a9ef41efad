import { useEffect, useId, useRef } from 'react';
import { BarChart as EBarChart, LineChart as ELineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useI18n } from '../i18n/i18n';
import { DataTable } from './DataTable';
import { countForScale, formatCount } from './format';

// Only what the console draws goes into the bundle (bars, lines, axes, legend, tooltip; SVG: it prints sharply).
echarts.use([EBarChart, ELineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ChartSeries {
  name: string;
  /** A count per category; null where the count is withheld (shown "< 5" in the table, as nothing in the bars). */
  values: readonly (number | null)[];
  kind: 'bar' | 'line';
  colour: string;
}

function reducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Counts by category as bars (and lines), drawn by ECharts, with the same figures in a table for
 * screen readers (the drawing itself is hidden from them). No animation when the user asks for less motion.
 */
export function CountChart({
  title,
  categories,
  series,
  categoryHeader,
  height = 260,
}: {
  title: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  categoryHeader: string;
  height?: number;
}) {
  const { language } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const titleId = useId();

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

  return (
    <figure className="stat-figure">
      <figcaption id={titleId} className="stat-figure__title">
        {title}
      </figcaption>
      <div ref={element} className="stat-chart" style={{ height }} aria-hidden="true" data-testid="chart" />
      <DataTable
        caption={title}
        headers={[categoryHeader, ...series.map((s) => s.name)]}
        rows={categories.map((category, index) => ({
          key: `${index}`,
          header: category,
          cells: series.map((s) => formatCount(s.values[index], language)),
        }))}
      />
    </figure>
  );
}
