// The audit trail and legal holds (src/Hotline.Server/Audit/AuditEndpoints.cs, LegalHold.cs). Entries hold
// no personal data: who (login and pseudonymous id), when, what, which record, from which address.

import type { Guid, IsoDateTime } from '../../api/contract';
import { apiFetch } from '../../api/http';
import { readProblem } from '../problem';

export type AuditAction = 'Read' | 'Create' | 'Update' | 'Delete' | 'Export';
export const auditActions: readonly AuditAction[] = ['Read', 'Create', 'Update', 'Delete', 'Export'];

export type AuditOutcome = 'Allowed' | 'Denied';
export const auditOutcomes: readonly AuditOutcome[] = ['Allowed', 'Denied'];

export interface AuditEntry {
  id: number;
  at: IsoDateTime;
  userId: Guid | null;
  userName: string | null;
  action: AuditAction;
  outcome: AuditOutcome;
  entityType: string;
  entityId: string;
  address: string | null;
}

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

/**
 * The query string of the list and of the export ("" without filters). The "to" day is included: the
 * server's `to` is exclusive, so it gets the next midnight.
 */
export function auditQuery(filters: AuditFilters, page: AuditPage = {}): string {
  const params = new URLSearchParams();
  const add = (name: string, value: string | null | undefined) => {
    const trimmed = value?.trim() ?? '';
    if (trimmed !== '') {
      params.set(name, trimmed);
    }
  };
  add('user', filters.user);
  add('action', filters.action);
  add('outcome', filters.outcome);
  add('entityType', filters.entityType);
  add('entityId', filters.entityId);
  add('from', localMidnight(filters.from));
  add('to', localMidnight(filters.to, 1));
  if (page.before !== undefined) {
    params.set('before', String(page.before));
  }
  if (page.take !== undefined) {
    params.set('take', String(page.take));
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

export const auditUrl = '/api/audit/';
export const auditExportUrl = '/api/audit/export.csv';

export type AuditList = { ok: true; entries: AuditEntry[]; more: boolean } | { ok: false; status: number };

/** One page, newest first; asks for one more entry than shown to know whether an older page exists. */
export async function listAudit(filters: AuditFilters, pageSize: number, before?: number): Promise<AuditList> {
  try {
    const response = await fetch(
      auditUrl + auditQuery(filters, { take: pageSize + 1, ...(before === undefined ? {} : { before }) }),
      { headers: { Accept: 'application/json' } },
    );
    if (!response.ok) {
      return { ok: false, status: response.status };
    }
    const entries = (await response.json()) as AuditEntry[];
    return { ok: true, entries: entries.slice(0, pageSize), more: entries.length > pageSize };
  } catch {
    return { ok: false, status: 0 };
  }
}

// ---- Legal hold -----------------------------------------------------------------------------------

export interface LegalHoldState {
  hold: boolean;
  reason: string | null;
}

/** The length the server accepts for a reason. */
export const maxReasonLength = 500;

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text: string): boolean {
  return guidPattern.test(text.trim());
}

export type LegalHoldRead = { kind: 'found'; state: LegalHoldState } | { kind: 'notFound' } | { kind: 'failed'; status: number };

export async function getLegalHold(callId: Guid): Promise<LegalHoldRead> {
  try {
    const response = await fetch(`/api/calls/${encodeURIComponent(callId.trim())}/legal-hold`, { headers: { Accept: 'application/json' } });
    if (response.status === 404) {
      return { kind: 'notFound' };
    }
    return response.ok ? { kind: 'found', state: (await response.json()) as LegalHoldState } : { kind: 'failed', status: response.status };
  } catch {
    return { kind: 'failed', status: 0 };
  }
}

export type LegalHoldWrite =
  | { kind: 'saved' }
  | { kind: 'invalid'; messages: string[] }
  | { kind: 'notFound' }
  | { kind: 'failed'; status: number };

export async function setLegalHold(callId: Guid, hold: boolean, reason: string): Promise<LegalHoldWrite> {
  try {
    const response = await apiFetch(`/api/calls/${encodeURIComponent(callId.trim())}/legal-hold`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ hold, reason: hold ? reason.trim() : null }),
    });
    if (response.ok) {
      return { kind: 'saved' };
    }
    if (response.status === 404) {
      return { kind: 'notFound' };
    }
    const problem = await readProblem(response);
    if (response.status === 400 && problem.errors !== undefined) {
      return { kind: 'invalid', messages: Object.values(problem.errors).flat() };
    }
    return { kind: 'failed', status: response.status };
  } catch {
    return { kind: 'failed', status: 0 };
  }
}
