// The audit trail and legal holds (src/Hotline.Server/Audit/AuditEndpoints.cs, LegalHold.cs). Entries hold
// no personal data: who (login and pseudonymous id), when, what, which record, from which address.

import { api, type ApiResult, call, type Schemas } from '../../api/client';
import type { Guid } from '../../api/contract';
import type { paths } from '../../api/schema';

export type { ApiResult } from '../../api/client';

export type AuditAction = Schemas['AuditAction'];
export const auditActions: readonly AuditAction[] = ['Read', 'List', 'Create', 'Update', 'Delete', 'Export', 'SignIn'];

export type AuditOutcome = Schemas['AuditOutcome'];
export const auditOutcomes: readonly AuditOutcome[] = ['Allowed', 'Denied'];

export type AuditEntry = Schemas['AuditEntryDto'];

/** The entity types the server writes (a refused request is audited under its route, e.g. "/api/audit/"). */
export const knownEntityTypes = ['Referral', 'Triage', 'Call.LegalHold', 'DirectoryService', 'DirectoryServices', 'AuditEntries'] as const;

/** Entity types whose id is a call's id: a legal hold can be set from their entries. */
export const callEntityTypes: readonly string[] = ['Triage', 'Call.LegalHold'];

export interface AuditFilters {
  /** A login ("counsellor1"), any case. */
  user: string;
  action: AuditAction | '';
  outcome: AuditOutcome | '';
  entityType: string;
  entityId: string;
  /** Dates as an <input type="date"> gives them ("2026-11-27"), in the user's time zone; both days included. */
  from: string;
  to: string;
}

export const noAuditFilters: AuditFilters = { user: '', action: '', outcome: '', entityType: '', entityId: '', from: '', to: '' };

/** Local midnight of a "YYYY-MM-DD" date, `days` later, as ISO 8601 (UTC); null when the text is not a date. */
export function localMidnight(date: string, days = 0): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (match === null) {
    return null;
  }
  const value = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days);
  return Number.isNaN(value.getTime()) ? null : value.toISOString();
}

export interface AuditPage {
  /** Entries older than this id (the last id of the page before). */
  before?: number;
  take?: number;
}

type AuditParameters = NonNullable<paths['/api/audit']['get']['parameters']['query']>;

/**
 * The list's filters as the server names them; blank ones left out, text trimmed. The "to" day is
 * included: the server's `to` is exclusive, so it gets the next midnight.
 */
export function auditParameters(filters: AuditFilters, page: AuditPage = {}): AuditParameters {
  const text = (value: string | null | undefined) => {
    const trimmed = value?.trim() ?? '';
    return trimmed === '' ? undefined : trimmed;
  };
  return {
    User: text(filters.user),
    Action: filters.action === '' ? undefined : filters.action,
    Outcome: filters.outcome === '' ? undefined : filters.outcome,
    EntityType: text(filters.entityType),
    EntityId: text(filters.entityId),
    From: text(localMidnight(filters.from)),
    To: text(localMidnight(filters.to, 1)),
    Before: page.before,
    take: page.take,
  };
}

/** The same filters as a query string, for the export link ("" without filters; the server reads names in any case). */
export function auditQuery(filters: AuditFilters, page: AuditPage = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(auditParameters(filters, page))) {
    if (value !== undefined) {
      params.set(name.charAt(0).toLowerCase() + name.slice(1), String(value));
    }
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

export const auditExportUrl = '/api/audit/export.csv';

export interface AuditList {
  entries: AuditEntry[];
  more: boolean;
}

/** One page, newest first; asks for one more entry than shown to know whether an older page exists. */
export async function listAudit(filters: AuditFilters, pageSize: number, before?: number): Promise<ApiResult<AuditList>> {
  const result = await call(api.GET('/api/audit', { params: { query: auditParameters(filters, { take: pageSize + 1, before }) } }));
  return result.ok ? { ...result, data: { entries: result.data.slice(0, pageSize), more: result.data.length > pageSize } } : result;
}

// ---- Legal hold -----------------------------------------------------------------------------------

export type LegalHoldState = Schemas['LegalHoldDto'];

/** The length the server accepts for a reason. */
export const maxReasonLength = 500;

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text: string): boolean {
  return guidPattern.test(text.trim());
}

/** The call's hold (404: no such call). */
export function getLegalHold(callId: Guid): Promise<ApiResult<LegalHoldState>> {
  return call(api.GET('/api/calls/{id}/legal-hold', { params: { path: { id: callId.trim() } } }));
}

/** Saved, or refused: 400 with the reason's errors, 404 for no such call. */
export function setLegalHold(callId: Guid, hold: boolean, reason: string): Promise<ApiResult<void>> {
  return call(api.PUT('/api/calls/{id}/legal-hold', { params: { path: { id: callId.trim() } }, body: { hold, reason: hold ? reason.trim() : null } }));
}
