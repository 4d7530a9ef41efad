import { lazy, Suspense, useId } from 'react';
import { useI18n } from '../i18n/i18n';
import { DataTable } from './DataTable';
import { formatCount } from './format';

// ECharts is a large library: its chunk loads when a chart first shows (supervisors, coordinators).
const EChartsView = lazy(() => import('./EChartsView'));

export interface ChartSeries {
  name: string;
  /** A count per category; null where the count is withheld (shown "< 5" in the table, as nothing in the bars). */
  values: readonly (number | null)[];
  kind: 'bar' | 'line';
  colour: string;
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
  const { m, language } = useI18n();
  const titleId = useId();

  return (
    <figure className="stat-figure">
      <figcaption id={titleId} className="stat-figure__title">
        {title}
      </figcaption>
      <Suspense fallback={<div className="stat-chart" style={{ height }} aria-hidden="true" />}>
        <EChartsView categories={categories} series={series} height={height} language={language} />
      </Suspense>
      <DataTable
        caption={m.statistics.chartTable(title)}
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
