// The console's real-time contract, mirrored from src/Hotline.Server/LiveConsole/ConsoleContract.cs.
// SignalR's JSON protocol: camelCase properties, enums as strings, dates as ISO 8601, Guids as strings.
// The types the REST API shares with the hub (enums, ReferralCard, CurrentUser…) come from the generated
// OpenAPI types (schema.d.ts); the hub-only ones are written here.

import type { components } from './schema';

type Schemas = components['schemas'];

export type Guid = string;
/** ISO 8601 date-time with offset, as System.Text.Json writes a DateTimeOffset. */
export type IsoDateTime = string;

export type Presence = 'Offline' | 'Available' | 'Offered' | 'OnCall' | 'WrapUp' | 'Break';
/** What a counsellor may choose; the other states are set by the server. */
export type SelectablePresence = 'Available' | 'Break' | 'Offline';
export const selectablePresences: readonly SelectablePresence[] = ['Available', 'Break', 'Offline'];

export type CallCardKind = Schemas['CallCardKind'];
export type CallMotive = Schemas['CallMotive'];
export type CallStatus =
  | 'InMenu'
  | 'MessageMenu'
  | 'Queued'
  | 'Offered'
  | 'Connecting'
  | 'Connected'
  | 'Completed'
  | 'Abandoned'
  | 'Voicemail'
  | 'CallbackRequested'
  | 'WebMessage';
export type CallLocation = 'NotGiven' | 'Resolved' | 'Ambiguous' | 'Unknown';
export type ConnectionMode = 'Browser' | 'Phone' | 'Simulated';

export type CommuneChoice = Schemas['CommuneChoice'];

/** One card of the live queue. Never the caller's number. */
export interface CallCard {
  callId: Guid;
  kind: CallCardKind;
  motive: CallMotive;
  priority: number;
  status: CallStatus;
  receivedAt: IsoDateTime;
  queuedAt: IsoDateTime | null;
  location: CallLocation;
  postalCode: string | null;
  departementCode: string | null;
  departementName: string | null;
  communes: CommuneChoice[];
  repeatCaller: boolean;
  previousCalls: number;
  recordingSeconds: number | null;
  /** Display name of the counsellor the call is offered to (filled for supervisors). */
  offeredTo: string | null;
  /** Discreet callback: may a message be left (null: not said, treated as no). */
  callbackMessageAllowed: boolean | null;
  /** Discreet callback: when calling is safe (null: not said). */
  callbackWindow: CallbackWindow | null;
  /** A web message's reference, as the family was given it. */
  reference: string | null;
}

export type CallbackWindow = Schemas['CallbackWindow'];
export type WebContactView = Schemas['WebContactView'];

export interface CounsellorState {
  userId: Guid;
  userName: string;
  displayName: string;
  presence: Presence;
  since: IsoDateTime;
  currentCallId: Guid | null;
  /** In wrap-up: when it ends (moved by "Prolonger"). */
  wrapUpEndsAt?: IsoDateTime | null;
}

export interface OfferCard {
  offerId: Guid;
  call: CallCard;
  offeredAt: IsoDateTime;
  expiresAt: IsoDateTime;
}

export interface CurrentCall {
  callId: Guid;
  call: CallCard;
  connectedAt: IsoDateTime;
  mode: ConnectionMode;
  wrapUpEndsAt: IsoDateTime | null;
}

export interface StreamPositions {
  queue: number;
  presence: number;
  personal: number;
}

export type StreamName = keyof StreamPositions;

export interface ConsoleSnapshot {
  serverTime: IsoDateTime;
  sequences: StreamPositions;
  me: CounsellorState;
  queue: CallCard[];
  offer: OfferCard | null;
  current: CurrentCall | null;
  /** Everyone's presence: supervisors only (null for counsellors). */
  counsellors: CounsellorState[] | null;
  voiceEnabled: boolean;
  /** Console:WaitAlert in seconds: a caller waiting longer while nobody is Available is shown to supervisors. */
  waitAlertSeconds: number;
  /** Supervisors: the immediate dangers nobody has taken in charge yet, oldest first (null for others). */
  dangerAlerts: DangerAlertView[] | null;
}

export type EmergencyServicesConfirmation = Schemas['EmergencyServicesConfirmation'];

/**
 * Supervisors: an immediate danger recorded on a call (src/Hotline.Server/Triage/DangerAlert.cs), on screen until a
 * supervisor takes it in charge. Ids, times, codes and the counsellor's name only.
 */
export interface DangerAlertView {
  id: Guid;
  callId: Guid;
  callReceivedAt: IsoDateTime;
  counsellorName: string | null;
  departementCode: string | null;
  departementName: string | null;
  emergencyServices: EmergencyServicesConfirmation | null;
  raisedAt: IsoDateTime;
}

/** A supervisor took a danger alert in charge (the hub's DangerAlertTakenInCharge, and the answer of POST …/take-charge). */
export type DangerAlertTakenInCharge = Schemas['DangerAlertTakenInCharge'];

/**
 * Supervisors: today's figures (GET /api/statistics/live, then the hub's StatisticsChanged, at most one push a
 * second and within 5 s of a change).
 */
export type LiveStatistics = Schemas['LiveStatistics'];

/** Supervisors: a caller waited past Console:WaitAlert while no counsellor was Available (once per call). */
export interface WaitAlert {
  callId: Guid;
  motive: CallMotive;
  waitingSince: IsoDateTime;
  at: IsoDateTime;
}

/** A message for the counsellor with a stable code, translated by the console. */
export interface ConsoleNotice {
  code: string;
  callId: Guid | null;
  /** The referral it is about (an overdue-referral alert): the toast links to it. */
  referralId?: Guid | null;
}

/** What AcceptOffer answers (reason: "offer-gone", "caller-gone", "connection-failed", "callback-failed", "not-a-counsellor"). */
export interface AcceptOfferResult {
  accepted: boolean;
  reason?: string | null;
  call?: CurrentCall | null;
}

/** Who is calling, and the concerned person's age band (src/Hotline.Server/Triage/TriageContracts.cs). */
export type CallerRelation = Schemas['CallerRelation'];
export type AgeBand = Schemas['AgeBand'];

export type ReferralState = Schemas['ReferralState'];
export type ServiceKind = Schemas['ServiceKind'];

/** A referral in a list or a hub event (src/Hotline.Server/Referrals/ReferralContracts.cs): no personal data. Keep the highest `version` seen: events may arrive out of order. */
export type ReferralCard = Schemas['ReferralCard'];

/** Server → client hub methods (IConsoleClient), as SignalR names them on the wire. */
export const serverMethods = {
  snapshot: 'snapshot',
  callQueued: 'callQueued',
  callUpdated: 'callUpdated',
  callRemoved: 'callRemoved',
  presenceChanged: 'presenceChanged',
  offerReceived: 'offerReceived',
  offerWithdrawn: 'offerWithdrawn',
  callConnected: 'callConnected',
  callFinished: 'callFinished',
  notice: 'notice',
  supervisorAlert: 'supervisorAlert',
  /** Supervisors: an immediate danger, kept on the banner until taken in charge. */
  dangerAlertRaised: 'dangerAlertRaised',
  dangerAlertTakenInCharge: 'dangerAlertTakenInCharge',
  waitAlert: 'waitAlert',
  referralCreated: 'referralCreated',
  referralChanged: 'referralChanged',
  /** Supervisors: today's figures moved (LiveStatistics). */
  statisticsChanged: 'statisticsChanged',
  triageChanged: 'triageChanged',
} as const;

/** Client → server hub methods. */
export const hubMethods = {
  getSnapshot: 'GetSnapshot',
  setPresence: 'SetPresence',
  acceptOffer: 'AcceptOffer',
  declineOffer: 'DeclineOffer',
  /** Voicemail and callback items: the counsellor is done with the item they took. */
  finishItem: 'FinishItem',
  assignCall: 'AssignCall',
  /** "Raccrocher": ends the current call through Twilio. */
  hangUp: 'HangUp',
  /** "Terminer le post-appel". */
  endWrapUp: 'EndWrapUp',
  /** "Prolonger": the new end, or null when it cannot be extended again. */
  extendWrapUp: 'ExtendWrapUp',
} as const;

export const hubPath = '/hubs/console';

/** GET /api/auth/me and POST /api/auth/login. */
export type CurrentUser = Schemas['CurrentUser'];

/** GET /api/console/voice-token. */
export type VoiceToken = Schemas['VoiceToken'];

export const roles = {
  counsellor: 'Counsellor',
  supervisor: 'Supervisor',
  coordinator: 'Coordinator',
  communeCell: 'CommuneCell',
  admin: 'Admin',
  dataProtectionOfficer: 'DataProtectionOfficer',
} as const;

/** Who answers calls (presence, offers, current call): the hub's IsCounsellor. */
export function isCounsellor(user: CurrentUser): boolean {
  return user.roles.includes(roles.counsellor);
}

export function isSupervisor(user: CurrentUser): boolean {
  return user.roles.includes(roles.supervisor);
}

/** Who uses the live console: counsellors and supervisors (the hub's Counsellor policy). */
export function canUseConsole(user: CurrentUser): boolean {
  return user.roles.includes(roles.counsellor) || user.roles.includes(roles.supervisor);
}
