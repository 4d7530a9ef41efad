// The directory's admin API (src/Hotline.Server/ServiceDirectory/DirectoryEndpoints.cs, DirectoryContracts.cs,
// DirectoryCsv.cs). JSON camelCase, enums as strings.

import { api, type ApiResult, call, type Problem, type Schemas } from '../../api/client';
import type { Guid, ServiceKind } from '../../api/contract';
import type { paths } from '../../api/schema';

export type { ApiResult } from '../../api/client';
export type { ServiceKind };
export const serviceKinds: readonly ServiceKind[] = [
  'DepartementalCell',
  'CommuneCell',
  'MandatedAssociation',
  'NationalTeam',
  'StateRepresentative',
  'ChildProtection',
];

export type ServiceStatus = Schemas['ServiceStatus'];
export const serviceStatuses: readonly ServiceStatus[] = ['Active', 'Inactive'];

export type DayOfWeek = Schemas['DayOfWeek'];
export const daysOfWeek: readonly DayOfWeek[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export type PhoneDto = Schemas['PhoneDto'];
export type ContactDto = Schemas['ContactDto'];
/** A weekly row (day, opens, closes as "HH:mm") or a free text (description only). */
export type ScheduleDto = Schemas['ScheduleDto'];
export type ServiceSummary = Schemas['ServiceSummary'];
export type ServiceDto = Schemas['ServiceDto'];
/** What a create or an update sends: every field, so an update replaces them all. */
export type ServiceRequest = Schemas['ServiceRequest'];
/** A directory rule a write would break (409 `conflicts`). */
export type RuleConflict = Schemas['RuleConflict'];
/** One problem of an import: the file's line (1 is the header), its column ("" for the whole line), the message. */
export type ImportError = Schemas['ImportError'];
export type ImportReport = Schemas['ImportReport'];

// ---- The list and its filters -------------------------------------------------------------------

export type TriState = '' | 'true' | 'false';

export interface DirectoryFilters {
  /** In the service and organization names. */
  search: string;
  /** A département code ("13", "2A", "974"): its departmental cell and the commune cells of its communes. */
  departement: string;
  /** An INSEE commune code: the cells covering it (or its city, for an arrondissement). */
  commune: string;
  kind: ServiceKind | '';
  status: ServiceStatus | '';
  toComplete: TriState;
  demo: TriState;
}

export const noDirectoryFilters: DirectoryFilters = {
  search: '',
  departement: '',
  commune: '',
  kind: '',
  status: '',
  toComplete: '',
  demo: '',
};

/** The list's query string ("" without filters); blank filters are left out, text is trimmed. */
export function directoryQuery(filters: DirectoryFilters): string {
  const params = new URLSearchParams();
  const add = (name: string, value: string) => {
    const trimmed = value.trim();
    if (trimmed !== '') {
      params.set(name, trimmed);
    }
  };
  add('search', filters.search);
  // Codes are written upper-case by the COG ("2A"); the server compares them case-insensitively anyway.
  add('departement', filters.departement.toUpperCase());
  add('commune', filters.commune.toUpperCase());
  add('kind', filters.kind);
  add('status', filters.status);
  add('toComplete', filters.toComplete);
  add('demo', filters.demo);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

export const exportUrl = '/api/directory/services/export.csv';

type ServiceParameters = NonNullable<paths['/api/directory/services']['get']['parameters']['query']>;

/** The services matching a query string made by {@link directoryQuery}. */
export function listServices(query: string): Promise<ApiResult<ServiceSummary[]>> {
  const parameters = Object.fromEntries(new URLSearchParams(query)) as ServiceParameters;
  return call(api.GET('/api/directory/services', { params: { query: parameters } }));
}

export function getService(id: Guid): Promise<ApiResult<ServiceDto>> {
  return call(api.GET('/api/directory/services/{id}', { params: { path: { id } } }));
}

// ---- Writes ---------------------------------------------------------------------------------------

/** What a refused write means for the form. */
export type WriteFailure =
  | { kind: 'invalid'; errors: Record<string, string[]> }
  | { kind: 'conflict'; conflicts: RuleConflict[]; detail: string | null }
  | { kind: 'notFound' }
  | { kind: 'failed'; status: number; title: string | null };

export function writeFailure(problem: Problem): WriteFailure {
  if (problem.status === 400 && problem.errors !== undefined) {
    return { kind: 'invalid', errors: problem.errors };
  }
  if (problem.status === 404) {
    return { kind: 'notFound' };
  }
  if (problem.status === 409) {
    return { kind: 'conflict', conflicts: problem.conflicts ?? [], detail: problem.detail ?? null };
  }
  return { kind: 'failed', status: problem.status, title: problem.title ?? null };
}

export function createService(request: ServiceRequest): Promise<ApiResult<ServiceDto>> {
  return call(api.POST('/api/directory/services', { body: request }));
}

export function updateService(id: Guid, request: ServiceRequest): Promise<ApiResult<ServiceDto>> {
  return call(api.PUT('/api/directory/services/{id}', { params: { path: { id } }, body: request }));
}

export function deactivateService(id: Guid): Promise<ApiResult<ServiceDto>> {
  return call(api.POST('/api/directory/services/{id}/deactivate', { params: { path: { id } } }));
}

// ---- CSV import -----------------------------------------------------------------------------------

/**
 * Sends the file as it is (the server reads UTF-8, with or without a byte order mark). A report (200), or
 * a real import refused as a whole with every row error (400 invalid rows, 409 broken rules: the
 * problem's `rowErrors`), or another failure.
 */
export function importCsv(file: Blob, dryRun: boolean): Promise<ApiResult<ImportReport>> {
  return call(
    api.POST('/api/directory/services/import', {
      params: { query: dryRun ? { dryRun } : {} },
      body: file as unknown as string,
      headers: { 'Content-Type': 'text/csv' },
      bodySerializer: (body) => body as unknown as Blob,
    }),
  );
}
