// The inbox's HTTP API (src/Hotline.Server/Referrals/ReferralContracts.cs, ReferralEndpoints.cs).
// The server scopes every answer to the reader's territory: a referral outside it is a 404, like one
// that does not exist.

import { api, type ApiResult, call, type Schemas } from '../api/client';
import { type CurrentUser, type Guid, type ReferralState, roles } from '../api/contract';
import type { paths } from '../api/schema';

export type { ApiResult, Problem as ApiProblem } from '../api/client';

export const referralStates: readonly ReferralState[] = ['Sent', 'Acknowledged', 'InFollowUp', 'Closed', 'Redirected'];

/** What a reader may do now (the server's AllowedActions: state and role both considered). */
export type ReferralAction = Schemas['ReferralAction'];
export type ClosingReason = NonNullable<Schemas['CloseRequest']['reason']>;
export type CloseRequest = Schemas['CloseRequest'];
export const closingReasons: readonly ClosingReason[] = [
  'AccompanimentFinished',
  'FamilyDeclined',
  'Moved',
  'JudicialRoute',
  'LeftTerritory',
  'ConcernNotConfirmed',
  'Other',
];

/** Counts over everything the reader may see, whatever the filters; the cards matching the filters, overdue first. */
export type ReferralList = Schemas['ReferralList'];
export type TransferChoice = Schemas['TransferChoiceView'];
export type ReferralSituation = Schemas['ReferralSituation'];
export type ReferralHistoryEntry = Schemas['ReferralHistoryEntry'];
export type ReferralNote = Schemas['ReferralNoteView'];
/** `detailsShared` false: the family's details are withheld (a commune cell without the family's consent). */
export type ReferralDetail = Schemas['ReferralDetail'];
export type RedirectTarget = Schemas['RedirectTarget'];
/** GET /api/referrals/{id}/redirect-choices: the other active services (the referral's département first) and the transfer lists. */
export type RedirectChoices = Schemas['RedirectChoices'];
export type RedirectRequest = Schemas['RedirectRequest'];
/** GET /api/triage/taxonomy: labels of the urgency levels and warning signs, by language. */
export type Taxonomy = Schemas['TaxonomyView'];

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
  reference?: string;
  sort?: 'Priority' | 'Deadline';
  limit: number;
}

type InboxParameters = NonNullable<paths['/api/referrals']['get']['parameters']['query']>;

/** The inbox's query: the filters set, and the page size. */
export function inboxParameters(query: InboxQuery): InboxParameters {
  return {
    ...(query.state ? { state: [query.state] } : {}),
    ...(query.urgency ? { urgency: query.urgency } : {}),
    ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
    ...(query.reference ? { reference: query.reference } : {}),
    ...(query.sort ? { sort: query.sort } : {}),
    limit: query.limit,
  };
}

export const listReferrals = (query: InboxQuery): Promise<ApiResult<ReferralList>> =>
  call(api.GET('/api/referrals', { params: { query: inboxParameters(query) } }));

const onReferral = (id: Guid) => ({ params: { path: { id } } });

export const getReferral = (id: Guid): Promise<ApiResult<ReferralDetail>> => call(api.GET('/api/referrals/{id}', onReferral(id)));

/** The state transitions without a body (closing states its reason: closeReferral). */
export const moveActions = ['Acknowledge', 'StartFollowUp'] as const;
export type MoveAction = (typeof moveActions)[number];

export const moveReferral = (id: Guid, action: MoveAction): Promise<ApiResult<ReferralDetail>> =>
  call(
    action === 'Acknowledge'
      ? api.POST('/api/referrals/{id}/acknowledge', onReferral(id))
      : api.POST('/api/referrals/{id}/follow-up', onReferral(id)),
  );

export const closeReferral = (id: Guid, body: CloseRequest): Promise<ApiResult<ReferralDetail>> =>
  call(api.POST('/api/referrals/{id}/close', { ...onReferral(id), body }));

export const redirectReferral = (id: Guid, body: RedirectRequest): Promise<ApiResult<ReferralDetail>> =>
  call(api.POST('/api/referrals/{id}/redirect', { ...onReferral(id), body }));

export const addReferralNote = (id: Guid, text: string): Promise<ApiResult<ReferralDetail>> =>
  call(api.POST('/api/referrals/{id}/notes', { ...onReferral(id), body: { text } }));

export const getRedirectChoices = (id: Guid): Promise<ApiResult<RedirectChoices>> =>
  call(api.GET('/api/referrals/{id}/redirect-choices', onReferral(id)));

export const getTaxonomy = (): Promise<ApiResult<Taxonomy>> => call(api.GET('/api/triage/taxonomy'));
