// Pieces the reports area and the monthly report share: the chart of a report's calls, the map of
// its départements, the département picker, and what a failed read says.

import { useMemo } from 'react';
import type { CurrentUser } from '../api/contract';
import type { Problem } from '../api/client';
import type { Messages } from '../i18n/fr';
import { useI18n } from '../i18n/i18n';
import { outOfTerritoryCode, pickableDepartements, type ReportRow } from './api';
import { type ChartSeries, CountChart } from './BarChart';
import { departementTiles } from './departements';

export const departementNames: ReadonlyMap<string, string> = new Map(departementTiles.map((tile) => [tile.code, tile.name]));

/** The départements this user may choose, in code order, with their names. */
export function departementChoices(user: CurrentUser): { code: string; name: string }[] {
  const allowed = pickableDepartements(user);
  return departementTiles
    .filter((tile) => allowed === null || allowed.includes(tile.code))
    .map((tile) => ({ code: tile.code, name: tile.name }));
}

export function problemText(problem: Problem, m: Messages): string {
  if (problem.code === outOfTerritoryCode) {
    return m.statistics.outOfTerritory;
  }
  if (problem.status === 403) {
    return m.statistics.forbidden;
  }
  return problem.title && problem.status === 400 ? problem.title : m.statistics.failed;
}

/** Offered, answered and abandoned calls per row, as bars. */
export function CallsChart({ title, rows, categoryHeader, height }: { title: string; rows: readonly ReportRow[]; categoryHeader: string; height?: number }) {
  const { m } = useI18n();
  const c = m.statistics.columns;
  const categories = useMemo(() => rows.map((row) => row.label), [rows]);
  const series = useMemo<ChartSeries[]>(
    () => [
      { name: c.offered, kind: 'bar', colour: '#1849a9', values: rows.map((row) => row.offered ?? null) },
      { name: c.answered, kind: 'bar', colour: '#0b6b3a', values: rows.map((row) => row.answered ?? null) },
      { name: c.abandoned, kind: 'bar', colour: '#a8201a', values: rows.map((row) => row.abandoned ?? null) },
    ],
    [rows, c],
  );
  return <CountChart title={title} categories={categories} series={series} categoryHeader={categoryHeader} height={height} />;
}

/** Calls offered per département, keyed by code, for the map (only the départements the report has). */
export function offeredByDepartement(rows: readonly ReportRow[]): ReadonlyMap<string, number | null> {
  return new Map(rows.map((row) => [row.key, row.offered ?? null]));
}
