// The statistics endpoints (src/Hotline.Server/Statistics): who may read them, the report and its CSV,
// today's live figures. The server scopes every answer (a coordinator gets their territory only, with
// counts under 5 withheld); the console only offers what the server would answer.

import { api, type ApiResult, call, type Schemas } from '../api/client';
import { type CurrentUser, roles } from '../api/contract';
import type { GroupBy } from './messages';

export type StatisticsReport = Schemas['StatisticsReport'];
export type ReportRow = Schemas['ReportRow'];
export type LiveStatisticsFigures = Schemas['LiveStatistics'];

export const groupByChoices: readonly GroupBy[] = ['Day', 'Week', 'Month', 'Departement', 'Motive', 'Outcome'];

export const outOfTerritoryCode = 'statistics-out-of-territory';

/** Supervisors and administrators see the whole country. */
export function readsAllDepartements(user: CurrentUser): boolean {
  return user.roles.includes(roles.supervisor) || user.roles.includes(roles.admin);
}

/** The reports area: supervisors and administrators, and coordinators (préfecture) for their own départements. */
export function canReadStatistics(user: CurrentUser): boolean {
  return readsAllDepartements(user) || user.roles.includes(roles.coordinator);
}

/** The départements a user may pick: null for all of them; a coordinator's own otherwise. */
export function pickableDepartements(user: CurrentUser): readonly string[] | null {
  return readsAllDepartements(user) ? null : user.departements;
}

export interface ReportQuery {
  from: string;
  to: string;
  groupBy: GroupBy;
  /** One département, or null for every département the reader may see. */
  departement: string | null;
}

function queryOf(query: ReportQuery) {
  return {
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    ...(query.departement ? { departement: query.departement } : {}),
  };
}

export function fetchReport(query: ReportQuery): Promise<ApiResult<StatisticsReport>> {
  return call(api.GET('/api/statistics/report', { params: { query: queryOf(query) } }));
}

/** The CSV of the same rows (the browser downloads it: the server names the file). */
export function reportCsvHref(query: ReportQuery): string {
  return `/api/statistics/report.csv?${new URLSearchParams(queryOf(query)).toString()}`;
}

export function fetchLiveStatistics(): Promise<ApiResult<LiveStatisticsFigures>> {
  return call(api.GET('/api/statistics/live'));
}
