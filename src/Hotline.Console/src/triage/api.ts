// The triage, routing and referral endpoints of a call (src/Hotline.Server/Triage, Referrals): the types
// are generated from the server's OpenAPI document (api/schema.d.ts), the calls go through api/client.ts.

import { api, type ApiResult, call, type Schemas } from '../api/client';
import type { AgeBand, CallerRelation } from '../api/contract';

export type { AgeBand, CallerRelation } from '../api/contract';
export type { ApiResult } from '../api/client';

export const callerRelations: readonly CallerRelation[] = [
  'Mother',
  'Father',
  'Sibling',
  'OtherRelative',
  'Friend',
  'TeacherOrSchool',
  'SocialWorkerOrProfessional',
  'Self',
  'Other',
];

export const ageBands: readonly AgeBand[] = ['Under13', 'From13To15', 'From16To17', 'From18To21', 'From22To25', 'Over25'];

export type TriageOutcome = Schemas['TriageOutcome'];
export const triageOutcomes: readonly TriageOutcome[] = [
  'InformationGiven',
  'AdviceGiven',
  'ReferToDepartementalCell',
  'ReferToCommuneCell',
  'ReferToChildProtection',
  'ImmediateDanger',
  'NoFollowUp',
];

export type EmergencyServicesConfirmation = Schemas['EmergencyServicesConfirmation'];
export const emergencyConfirmations: readonly EmergencyServicesConfirmation[] = ['CallerAdvised', 'LineContacted'];

export type ConcernedPersonView = Schemas['ConcernedPersonView'];
/** GET/PUT /api/calls/{id}/triage. Before the first save a draft (saved false) prefilled from the call. */
export type TriageView = Schemas['TriageView'];
/** The PUT body: the whole form (the server replaces every field, so repeating it changes nothing). */
export type TriageRequest = Schemas['TriageRequest'];

/** Language code ("fr", "en") → label. */
export type Labels = Record<string, string>;
export type LabelledEntry = Schemas['LabelledEntry'];
export type UrgencyLevel = Schemas['UrgencyLevelView'];
/** GET /api/triage/taxonomy: the current signs (retired ones left out) and urgency scale. */
export type Taxonomy = Schemas['TaxonomyView'];

export type RoutingOutcome = Schemas['RoutingOutcome'];
export type RoutingReasonCode = Schemas['RoutingReasonCode'];
export type RoutedService = Schemas['RoutedService'];
export type RoutingDecision = Schemas['RoutingDecision'];
export type TransferChoice = Schemas['TransferChoiceView'];
export type ReferralReceipt = Schemas['ReferralReceipt'];
/** GET /api/calls/{id}/routing: the decision the counsellor sees before sending. */
export type RoutingView = Schemas['RoutingView'];
export type SendReferralRequest = Schemas['SendReferralRequest'];
/** GET /api/calls/{id}/referral/preview: exactly what the recipient would receive (the snapshot the send stores). */
export type ReferralPreview = Schemas['ReferralPreview'];

export type TriageProgress = Schemas['TriageProgress'];
/** GET /api/calls/mine: a call the signed-in counsellor handled; no personal data. */
export type MyCall = Schemas['MyCall'];
export type MyCallsView = Schemas['MyCallsView'];

/** Field → messages, as ASP.NET Core's ValidationProblem gives them ("concerned.age", "warningSigns"…). */
export type ProblemErrors = Record<string, string[]>;

export function getTriage(callId: string): Promise<ApiResult<TriageView>> {
  return call(api.GET('/api/calls/{callId}/triage', { params: { path: { callId } } }));
}

/** Browsers refuse a keepalive request whose body passes 64 KiB (a long summary can): then it goes without. */
export const keepaliveLimitBytes = 60_000;

/** keepalive lets the last save of a page being closed finish after the page is gone. */
export function putTriage(callId: string, request: TriageRequest, keepalive = false): Promise<ApiResult<TriageView>> {
  return call(
    api.PUT('/api/calls/{callId}/triage', {
      params: { path: { callId } },
      body: request,
      keepalive: keepalive && new TextEncoder().encode(JSON.stringify(request)).length <= keepaliveLimitBytes,
    }),
  );
}

let taxonomy: Promise<ApiResult<Taxonomy>> | null = null;

/** The taxonomy, fetched once per page (its version changes with a deployment, which reloads the page). */
export function getTaxonomy(): Promise<ApiResult<Taxonomy>> {
  if (taxonomy === null) {
    const request = call(api.GET('/api/triage/taxonomy'));
    taxonomy = request;
    void request.then((result) => {
      if (!result.ok && taxonomy === request) {
        taxonomy = null;
      }
    });
  }
  return taxonomy;
}

export function getRouting(callId: string): Promise<ApiResult<RoutingView>> {
  return call(api.GET('/api/calls/{callId}/routing', { params: { path: { callId } } }));
}

/** What sending now would store and show the recipient; 400 triage-incomplete names what is missing. */
export function previewReferral(callId: string, request: SendReferralRequest): Promise<ApiResult<ReferralPreview>> {
  return call(
    api.GET('/api/calls/{callId}/referral/preview', {
      params: {
        path: { callId },
        query: { serviceId: request.serviceId ?? undefined, purpose: request.purpose ?? undefined, legalBasis: request.legalBasis ?? undefined },
      },
    }),
  );
}

/** 201 when sent now, 200 with the referral already sent. */
export function sendReferral(callId: string, request: SendReferralRequest): Promise<ApiResult<ReferralReceipt>> {
  return call(api.POST('/api/calls/{callId}/referral', { params: { path: { callId } }, body: request }));
}

export type CommuneChoice = Schemas['CommuneChoice'];

/** Withdraws a referral sent by mistake (its sender, within the recall window, before acknowledgement; else 409 saying why). */
export function recallReferral(referralId: string, reason: string): Promise<ApiResult<ReferralReceipt>> {
  return call(api.POST('/api/referrals/{id}/recall', { params: { path: { id: referralId } }, body: { reason } }));
}

/** GET /api/geography/communes?q=: at most 20 communes whose name matches, each with its département. */
export function searchCommunes(q: string): Promise<ApiResult<CommuneChoice[]>> {
  return call(api.GET('/api/geography/communes', { params: { query: { q } } }));
}

export function getMyPendingCalls(): Promise<ApiResult<MyCallsView>> {
  return call(api.GET('/api/calls/mine', { params: { query: { pending: true } } }));
}

/** A label in the language shown, else French (the reference), else the id. */
export function labelIn(labels: Labels, language: string, fallback: string): string {
  return labels[language] ?? labels.fr ?? fallback;
}
