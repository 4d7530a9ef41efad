// The triage, routing and referral endpoints of a call, mirrored from src/Hotline.Server/Triage
// (TriageContracts.cs, MyCalls.cs) and src/Hotline.Server/Referrals/ReferralContracts.cs.
// JSON: camelCase, enums as strings, dates ISO 8601.

import type {
  AgeBand,
  CallCardKind,
  CallerRelation,
  CallMotive,
  CommuneChoice,
  Guid,
  IsoDateTime,
  ReferralCard,
  ReferralState,
  ServiceKind,
} from '../api/contract';

export type { AgeBand, CallerRelation } from '../api/contract';
import { apiFetch, readProblem } from '../api/http';

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

export type TriageOutcome =
  | 'InformationGiven'
  | 'AdviceGiven'
  | 'ReferToDepartementalCell'
  | 'ReferToCommuneCell'
  | 'ImmediateDanger'
  | 'NoFollowUp';
export const triageOutcomes: readonly TriageOutcome[] = [
  'InformationGiven',
  'AdviceGiven',
  'ReferToDepartementalCell',
  'ReferToCommuneCell',
  'ImmediateDanger',
  'NoFollowUp',
];

export type EmergencyServicesConfirmation = 'CallerAdvised' | 'LineContacted';
export const emergencyConfirmations: readonly EmergencyServicesConfirmation[] = ['CallerAdvised', 'LineContacted'];

export interface ConcernedPersonView {
  age: number | null;
  ageBand: AgeBand | null;
  minor: boolean | null;
  communeCode: string | null;
  communeName: string | null;
  departementCode: string | null;
  departementName: string | null;
}

/** GET/PUT /api/calls/{id}/triage. Before the first save a draft (saved false) prefilled from the call. */
export interface TriageView {
  callId: Guid;
  saved: boolean;
  revision: number;
  updatedAt: IsoDateTime | null;
  taxonomyVersion: string;
  callerRelation: CallerRelation | null;
  concerned: ConcernedPersonView;
  communeChoices: CommuneChoice[];
  callPostalCode: string | null;
  warningSigns: string[];
  urgency: string | null;
  summary: string | null;
  communeCellConsent: boolean;
  outcome: TriageOutcome | null;
  emergencyServices: EmergencyServicesConfirmation | null;
  callEnded: boolean;
  callReceivedAt: IsoDateTime;
}

/** The PUT body: the whole form (the server replaces every field, so repeating it changes nothing). */
export interface TriageRequest {
  callerRelation: CallerRelation | null;
  concerned: {
    age: number | null;
    ageBand: AgeBand | null;
    minor: boolean | null;
    communeCode: string | null;
    departementCode: string | null;
  };
  warningSigns: string[];
  urgency: string | null;
  summary: string | null;
  communeCellConsent: boolean;
  outcome: TriageOutcome | null;
  emergencyServices: EmergencyServicesConfirmation | null;
}

/** Language code ("fr", "en") → label. */
export type Labels = Record<string, string>;

export interface LabelledEntry {
  id: string;
  label: Labels;
}

export interface UrgencyLevel {
  id: string;
  label: Labels;
  urgent: boolean;
  immediateDanger: boolean;
}

/** GET /api/triage/taxonomy: the current signs (retired ones left out) and urgency scale. */
export interface Taxonomy {
  version: string;
  signs: LabelledEntry[];
  urgency: UrgencyLevel[];
}

export type RoutingOutcome = 'Routed' | 'NationalTeamMustChoose' | 'NoReferral';
export type RoutingReasonCode =
  | 'NoReferral'
  | 'CommuneCell'
  | 'CommuneCellViaCity'
  | 'NoCommuneCell'
  | 'CommuneCellInactive'
  | 'CommuneUnknown'
  | 'DepartementalCell'
  | 'DepartementGiven'
  | 'DepartementFromPostalCode'
  | 'OverseasCollectivity'
  | 'PostalCodeAmbiguous'
  | 'LocationUnknown'
  | 'NoActiveDepartementalCell'
  | 'NoActiveStateRepresentative';

export interface RoutedService {
  id: Guid;
  name: string;
  kind: ServiceKind;
}

export interface RoutingDecision {
  outcome: RoutingOutcome;
  reasonCode: RoutingReasonCode;
  /** In French, for the counsellor: "Tarascon (13108) a une cellule municipale (CMER) → CMER de Tarascon". */
  reason: string;
  service: RoutedService | null;
  communeCode: string | null;
  communeName: string | null;
  departementCode: string | null;
  departementName: string | null;
  cogYear: number;
}

export interface TransferChoice {
  code: string;
  label: string;
}

export interface ReferralReceipt {
  referral: ReferralCard;
  reasonCode: RoutingReasonCode | null;
  routingReason: string;
  purpose: TransferChoice | null;
  legalBasis: TransferChoice | null;
}

/** GET /api/calls/{id}/routing: the decision the counsellor sees before sending. */
export interface RoutingView {
  decision: RoutingDecision;
  canSend: boolean;
  /** The target is a commune cell: a purpose and a legal basis must be chosen. */
  requiresTransferBasis: boolean;
  purposes: TransferChoice[];
  legalBases: TransferChoice[];
  /** Already referred: that referral (sending again returns it). */
  sent: ReferralReceipt | null;
}

export interface SendReferralRequest {
  serviceId: Guid;
  purpose: string | null;
  legalBasis: string | null;
}

export type TriageProgress = 'NotStarted' | 'Incomplete' | 'ToRefer' | 'Complete';

/** GET /api/calls/mine: a call the signed-in counsellor handled; no personal data. */
export interface MyCall {
  callId: Guid;
  kind: CallCardKind;
  motive: CallMotive;
  receivedAt: IsoDateTime;
  answeredAt: IsoDateTime | null;
  endedAt: IsoDateTime | null;
  departementCode: string | null;
  departementName: string | null;
  progress: TriageProgress;
  outcome: TriageOutcome | null;
  triageUpdatedAt: IsoDateTime | null;
  referralState: ReferralState | null;
}

export interface MyCallsView {
  days: number;
  calls: MyCall[];
}

/** Field → messages, as ASP.NET Core's ValidationProblem gives them ("concerned.age", "warningSigns"…). */
export type ProblemErrors = Record<string, string[]>;

/** What a request came to: the value, refused input (400 with errors), a conflict (409), or a failure. */
export type ApiResult<T> =
  | { kind: 'ok'; value: T; status: number }
  | { kind: 'invalid'; errors: ProblemErrors; title: string | null }
  | { kind: 'conflict'; title: string | null }
  | { kind: 'failed'; status: number | null };

/** Turns a response into an ApiResult; never throws (a network error is a failure to retry). */
export async function resultOf<T>(request: Promise<Response>): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await request;
  } catch {
    return { kind: 'failed', status: null };
  }
  if (response.ok) {
    try {
      return { kind: 'ok', value: (await response.json()) as T, status: response.status };
    } catch {
      return { kind: 'failed', status: response.status };
    }
  }
  if (response.status === 400) {
    const problem = await readProblem(response);
    return { kind: 'invalid', errors: problem.errors ?? {}, title: problem.title ?? null };
  }
  if (response.status === 409) {
    return { kind: 'conflict', title: (await readProblem(response)).title ?? null };
  }
  return { kind: 'failed', status: response.status };
}

const json = { Accept: 'application/json' };

export const triageUrl = (callId: Guid) => `/api/calls/${encodeURIComponent(callId)}/triage`;

export function getTriage(callId: Guid): Promise<ApiResult<TriageView>> {
  return resultOf(fetch(triageUrl(callId), { headers: json }));
}

/** Browsers refuse a keepalive request whose body passes 64 KiB (a long summary can): then it goes without. */
export const keepaliveLimitBytes = 60_000;

/** keepalive lets the last save of a page being closed finish after the page is gone. */
export function putTriage(callId: Guid, request: TriageRequest, keepalive = false): Promise<ApiResult<TriageView>> {
  const body = JSON.stringify(request);
  return resultOf(
    apiFetch(triageUrl(callId), {
      method: 'PUT',
      headers: { ...json, 'Content-Type': 'application/json' },
      body,
      keepalive: keepalive && new TextEncoder().encode(body).length <= keepaliveLimitBytes,
    }),
  );
}

let taxonomy: Promise<ApiResult<Taxonomy>> | null = null;

/** The taxonomy, fetched once per page (its version changes with a deployment, which reloads the page). */
export function getTaxonomy(): Promise<ApiResult<Taxonomy>> {
  if (taxonomy === null) {
    const request = resultOf<Taxonomy>(fetch('/api/triage/taxonomy', { headers: json }));
    taxonomy = request;
    void request.then((result) => {
      if (result.kind !== 'ok' && taxonomy === request) {
        taxonomy = null;
      }
    });
  }
  return taxonomy;
}

export function getRouting(callId: Guid): Promise<ApiResult<RoutingView>> {
  return resultOf(fetch(`/api/calls/${encodeURIComponent(callId)}/routing`, { headers: json }));
}

export function sendReferral(callId: Guid, request: SendReferralRequest): Promise<ApiResult<ReferralReceipt>> {
  return resultOf(
    apiFetch(`/api/calls/${encodeURIComponent(callId)}/referral`, {
      method: 'POST',
      headers: { ...json, 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    }),
  );
}

export function getMyPendingCalls(): Promise<ApiResult<MyCallsView>> {
  return resultOf(fetch('/api/calls/mine?pending=true', { headers: json }));
}

/** A label in the language shown, else French (the reference), else the id. */
export function labelIn(labels: Labels, language: string, fallback: string): string {
  return labels[language] ?? labels.fr ?? fallback;
}
