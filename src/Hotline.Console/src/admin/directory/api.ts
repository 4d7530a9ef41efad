// The directory's admin API (src/Hotline.Server/ServiceDirectory/DirectoryEndpoints.cs, DirectoryContracts.cs,
// DirectoryCsv.cs). JSON camelCase, enums as strings.

import type { Guid, IsoDateTime, ServiceKind } from '../../api/contract';
import { apiFetch } from '../../api/http';
import { type ProblemDetails, readProblem } from '../problem';

export type { ServiceKind };
export const serviceKinds: readonly ServiceKind[] = [
  'DepartementalCell',
  'CommuneCell',
  'MandatedAssociation',
  'NationalTeam',
  'StateRepresentative',
];

export type ServiceStatus = 'Active' | 'Inactive';
export const serviceStatuses: readonly ServiceStatus[] = ['Active', 'Inactive'];

export type DayOfWeek = 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday' | 'Sunday';
export const daysOfWeek: readonly DayOfWeek[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export interface PhoneDto {
  number: string;
  description: string | null;
}

export interface ContactDto {
  name: string;
  title: string | null;
  email: string | null;
  phone: string | null;
}

/** A weekly row (day, opens, closes as "HH:mm") or a free text (description only). */
export interface ScheduleDto {
  day: DayOfWeek | null;
  opens: string | null;
  closes: string | null;
  description: string | null;
}

export interface ServiceSummary {
  id: Guid;
  organization: string;
  name: string;
  kind: ServiceKind;
  status: ServiceStatus;
  departements: string[];
  communes: string[];
  toComplete: boolean;
  isDemo: boolean;
}

export interface ServiceDto extends ServiceSummary {
  description: string | null;
  email: string | null;
  url: string | null;
  phones: PhoneDto[];
  contacts: ContactDto[];
  schedules: ScheduleDto[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

/** What a create or an update sends: every field, so an update replaces them all. */
export interface ServiceRequest {
  organization: string | null;
  name: string | null;
  kind: ServiceKind;
  status: ServiceStatus;
  departements: string[];
  communes: string[];
  description: string | null;
  email: string | null;
  url: string | null;
  phones: PhoneDto[];
  contacts: ContactDto[];
  schedules: ScheduleDto[];
  toComplete: boolean;
  isDemo: boolean;
}

/** A directory rule a write would break (409 `conflicts`). */
export interface RuleConflict {
  rule: string;
  message: string;
  serviceIds: Guid[];
}

/** One problem of an import: the file's line (1 is the header), its column ("" for the whole line), the message. */
export interface ImportError {
  row: number;
  column: string;
  message: string;
  rule: string | null;
}

export interface ImportReport {
  dryRun: boolean;
  imported: boolean;
  rows: number;
  created: number;
  updated: number;
  errors: ImportError[];
}

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

export const servicesUrl = '/api/directory/services';
export const exportUrl = `${servicesUrl}/export.csv`;

export type Loaded<T> = { ok: true; value: T } | { ok: false; status: number };

async function getJson<T>(url: string): Promise<Loaded<T>> {
  try {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    return response.ok ? { ok: true, value: (await response.json()) as T } : { ok: false, status: response.status };
  } catch {
    return { ok: false, status: 0 };
  }
}

/** The services matching a query string made by {@link directoryQuery}. */
export function listServices(query: string): Promise<Loaded<ServiceSummary[]>> {
  return getJson<ServiceSummary[]>(servicesUrl + query);
}

export function getService(id: Guid): Promise<Loaded<ServiceDto>> {
  return getJson<ServiceDto>(`${servicesUrl}/${encodeURIComponent(id)}`);
}

// ---- Writes ---------------------------------------------------------------------------------------

export type WriteResult =
  | { kind: 'saved'; service: ServiceDto }
  | { kind: 'invalid'; errors: Record<string, string[]> }
  | { kind: 'conflict'; conflicts: RuleConflict[]; detail: string | null }
  | { kind: 'notFound' }
  | { kind: 'failed'; status: number; title: string | null };

/** What a failed write's answer means for the form. */
export function writeFailure(status: number, problem: ProblemDetails): WriteResult {
  if (status === 400 && problem.errors !== undefined) {
    return { kind: 'invalid', errors: problem.errors };
  }
  if (status === 404) {
    return { kind: 'notFound' };
  }
  if (status === 409) {
    const conflicts = Array.isArray(problem.conflicts) ? (problem.conflicts as RuleConflict[]) : [];
    return { kind: 'conflict', conflicts, detail: problem.detail ?? null };
  }
  return { kind: 'failed', status, title: problem.title ?? null };
}

async function write(url: string, method: 'POST' | 'PUT', body?: unknown): Promise<WriteResult> {
  try {
    const response = await apiFetch(url, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (response.ok) {
      return { kind: 'saved', service: (await response.json()) as ServiceDto };
    }
    return writeFailure(response.status, await readProblem(response));
  } catch {
    return { kind: 'failed', status: 0, title: null };
  }
}

export function createService(request: ServiceRequest): Promise<WriteResult> {
  return write(servicesUrl, 'POST', request);
}

export function updateService(id: Guid, request: ServiceRequest): Promise<WriteResult> {
  return write(`${servicesUrl}/${encodeURIComponent(id)}`, 'PUT', request);
}

export function deactivateService(id: Guid): Promise<WriteResult> {
  return write(`${servicesUrl}/${encodeURIComponent(id)}/deactivate`, 'POST');
}

// ---- CSV import -----------------------------------------------------------------------------------

export type ImportResult =
  | { kind: 'report'; report: ImportReport }
  /** A real import refused as a whole (400 invalid rows, 409 broken rules): nothing was imported. */
  | { kind: 'rejected'; status: number; errors: ImportError[]; title: string | null }
  | { kind: 'failed'; status: number; title: string | null };

/** What the import endpoint's answer means: a report (200), a refusal with every row error, or a failure. */
export function importResult(status: number, body: unknown): ImportResult {
  const problem = (body ?? {}) as ProblemDetails;
  if (status === 200) {
    return { kind: 'report', report: body as ImportReport };
  }
  if ((status === 400 || status === 409) && Array.isArray(problem.rowErrors)) {
    return { kind: 'rejected', status, errors: problem.rowErrors as ImportError[], title: problem.title ?? null };
  }
  return { kind: 'failed', status, title: problem.title ?? null };
}

/** Sends the file as it is (the server reads UTF-8, with or without a byte order mark). */
export async function importCsv(file: Blob, dryRun: boolean): Promise<ImportResult> {
  try {
    const response = await apiFetch(`${servicesUrl}/import${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Accept: 'application/json' },
      body: file,
    });
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // 413 and proxies answer without JSON.
    }
    return importResult(response.status, body);
  } catch {
    return { kind: 'failed', status: 0, title: null };
  }
}
