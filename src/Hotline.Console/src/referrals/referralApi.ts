// The inbox's HTTP API (src/Hotline.Server/Referrals/ReferralContracts.cs, ReferralEndpoints.cs).
// The server scopes every answer to the reader's territory: a referral outside it is a 404, like one
// that does not exist.

import {
  type AgeBand,
  type CallerRelation,
  type CurrentUser,
  type Guid,
  type IsoDateTime,
  type ReferralCard,
  type ReferralState,
  roles,
  type ServiceKind,
} from '../api/contract';
import { apiFetch, readProblem } from '../api/http';

export const referralStates: readonly ReferralState[] = ['Sent', 'Acknowledged', 'InFollowUp', 'Closed', 'Redirected'];

/** What a reader may do now (the server's AllowedActions: state and role both considered). */
export type ReferralAction = 'Acknowledge' | 'StartFollowUp' | 'Close' | 'Redirect' | 'AddNote';


export interface ReferralList {
  /** Counts over everything the reader may see, whatever the filters. */
  total: number;
  overdue: number;
  byState: Record<ReferralState, number>;
  /** The cards matching the filters, overdue first. */
  items: ReferralCard[];
}

export interface TransferChoice {
  code: string;
  label: string;
}

export interface ReferralSituation {
  callerRelation: CallerRelation | null;
  age: number | null;
  ageBand: AgeBand | null;
  minor: boolean | null;
  warningSigns: string[];
  taxonomyVersion: string;
  summary: string | null;
}

export interface ReferralHistoryEntry {
  at: IsoDateTime;
  from: ReferralState | null;
  to: ReferralState;
  by: string | null;
  reason: string | null;
  relatedReferralId: Guid | null;
}

export interface ReferralNote {
  id: Guid;
  at: IsoDateTime;
  author: string;
  text: string;
}

export interface ReferralDetail {
  referral: ReferralCard;
  reasonCode: string | null;
  routingReason: string;
  purpose: TransferChoice | null;
  legalBasis: TransferChoice | null;
  /** False when the family's details are withheld (a commune cell without the family's consent). */
  detailsShared: boolean;
  situation: ReferralSituation | null;
  history: ReferralHistoryEntry[];
  notes: ReferralNote[];
  allowedActions: ReferralAction[];
}

export interface RedirectTarget {
  id: Guid;
  name: string;
  kind: ServiceKind;
  departementCode: string | null;
  departementName: string | null;
  communeNames: string[];
}

/** GET /api/referrals/{id}/redirect-choices: the other active services (the referral's département first) and the transfer lists. */
export interface RedirectChoices {
  services: RedirectTarget[];
  purposes: TransferChoice[];
  legalBases: TransferChoice[];
}

export interface RedirectRequest {
  serviceId: Guid;
  reason: string;
  purpose: string | null;
  legalBasis: string | null;
}

/** GET /api/triage/taxonomy: labels of the urgency levels and warning signs, by language. */
export interface Taxonomy {
  version: string;
  signs: { id: string; label: Record<string, string> }[];
  urgency: { id: string; label: Record<string, string>; urgent: boolean; immediateDanger: boolean }[];
}

/** Why a request failed: the HTTP status (0 when the server could not be reached) and its ProblemDetails. */
export interface ApiProblem {
  status: number;
  title: string | null;
  /** Validation errors by field (camelCase, as the server names them). */
  errors: Record<string, string[]>;
  /** The referral's current state, when the server says (409). */
  state: ReferralState | null;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem };

/** Who has an inbox (the server's ReferralReader policy): coordinators, commune cells, supervisors. */
export function canReadReferrals(user: CurrentUser): boolean {
  return [roles.coordinator, roles.communeCell, roles.supervisor].some((role) => user.roles.includes(role));
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A route segment that can be a referral id (anything else cannot exist). */
export function isGuid(value: string | undefined): value is Guid {
  return value !== undefined && guidPattern.test(value);
}

export interface InboxQuery {
  state?: ReferralState;
  urgency?: string | null;
  overdue?: boolean;
  limit: number;
}

export function inboxUrl(query: InboxQuery): string {
  const parameters = new URLSearchParams();
  if (query.state) {
    parameters.set('state', query.state);
  }
  if (query.urgency) {
    parameters.set('urgency', query.urgency);
  }
  if (query.overdue !== undefined) {
    parameters.set('overdue', String(query.overdue));
  }
  parameters.set('limit', String(query.limit));
  return `/api/referrals?${parameters.toString()}`;
}

const json = { Accept: 'application/json', 'Content-Type': 'application/json' };

async function request<T>(url: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await apiFetch(url, { ...init, headers: json });
  } catch {
    return { ok: false, problem: { status: 0, title: null, errors: {}, state: null } };
  }
  if (response.ok) {
    return { ok: true, value: (await response.json()) as T };
  }
  return { ok: false, problem: await readReferralProblem(response) };
}

export async function readReferralProblem(response: Response): Promise<ApiProblem> {
  const body = await readProblem(response);
  return {
    status: response.status,
    title: typeof body.title === 'string' ? body.title : null,
    errors: body.errors && typeof body.errors === 'object' ? body.errors : {},
    state: typeof body.state === 'string' && (referralStates as readonly string[]).includes(body.state) ? (body.state as ReferralState) : null,
  };
}

const path = (id: Guid, action?: string) => `/api/referrals/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export const listReferrals = (query: InboxQuery) => request<ReferralList>(inboxUrl(query));

export const getReferral = (id: Guid) => request<ReferralDetail>(path(id));

/** The state transitions without a body, and their endpoints. */
export const moveActions = { Acknowledge: 'acknowledge', StartFollowUp: 'follow-up', Close: 'close' } as const;
export type MoveAction = keyof typeof moveActions;

export const moveReferral = (id: Guid, action: MoveAction) =>
  request<ReferralDetail>(path(id, moveActions[action]), { method: 'POST', body: '{}' });

export const redirectReferral = (id: Guid, body: RedirectRequest) =>
  request<ReferralDetail>(path(id, 'redirect'), { method: 'POST', body: JSON.stringify(body) });

export const addReferralNote = (id: Guid, text: string) =>
  request<ReferralDetail>(path(id, 'notes'), { method: 'POST', body: JSON.stringify({ text }) });

export const getRedirectChoices = (id: Guid) => request<RedirectChoices>(path(id, 'redirect-choices'));

export const getTaxonomy = () => request<Taxonomy>('/api/triage/taxonomy');
