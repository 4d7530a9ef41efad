// The hub connection: turns SignalR messages into reducer actions, asks for a snapshot whenever the
// state says so (first connect, gap, reconnect), and exposes the client → server methods.

import {
  HttpTransportType,
  type HubConnection,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type IRetryPolicy,
  type RetryContext,
} from '@microsoft/signalr';
import {
  type AcceptOfferResult,
  type CallCard,
  type ConsoleNotice,
  type ConsoleSnapshot,
  type CounsellorState,
  type CurrentCall,
  type DangerAlertTakenInCharge,
  type DangerAlertView,
  type Guid,
  type LiveStatistics,
  hubMethods,
  hubPath,
  type OfferCard,
  type ReferralCard,
  type SelectablePresence,
  serverMethods,
  type WaitAlert,
} from '../api/contract';
import {
  type ConsoleAction,
  type ConsoleState,
  consoleReducer,
  initialConsoleState,
  needsSnapshot,
} from '../state';

/** A minimal external store around the pure reducer, read by React with useSyncExternalStore. */
export class ConsoleStore {
  private state: ConsoleState = initialConsoleState;
  private readonly listeners = new Set<() => void>();

  getState = (): ConsoleState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispatch = (action: ConsoleAction): void => {
    const next = consoleReducer(this.state, action);
    if (next !== this.state) {
      this.state = next;
      this.listeners.forEach((listener) => listener());
    }
  };
}

/**
 * Reconnect for ever: quickly at first, then every 15 s (a counsellor's console must come back by
 * itself), except when the server refuses the session (401): then the connection closes and the
 * console checks the session (back to the login page when it is over).
 */
const retryForever: IRetryPolicy = {
  nextRetryDelayInMilliseconds(context: RetryContext): number | null {
    if (isAuthFailure(context.retryReason)) {
      return null;
    }
    const delays = [0, 1000, 2000, 5000, 10000];
    return delays[context.previousRetryCount] ?? 15000;
  },
};

export type ReferralListener = (card: ReferralCard, created: boolean) => void;

/** A call's triage was saved: ids and revision only (the listener reloads it if it shows it). */
export type TriageListener = (callId: Guid, revision: number) => void;

export interface ConsoleConnectionOptions {
  /** Called when the server says the session is over (401): the app goes back to the login page. */
  onSignedOut: () => void;
  /** Asks whether the cookie session is still valid (GET /api/auth/me). */
  isSignedIn: () => Promise<boolean>;
  now?: () => number;
}

export class ConsoleConnection {
  private readonly connection: HubConnection;
  private snapshotInFlight = false;
  private stopped = false;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private snapshotRetryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
  private readonly unsubscribe: () => void;
  private readonly referralListeners = new Set<ReferralListener>();
  private readonly triageListeners = new Set<TriageListener>();

  constructor(
    private readonly store: ConsoleStore,
    private readonly options: ConsoleConnectionOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.connection = new HubConnectionBuilder()
      .withUrl(hubPath, {
        // Same origin: the auth cookie goes along with every transport.
        transport: HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling,
      })
      .withAutomaticReconnect(retryForever)
      .configureLogging(import.meta.env.DEV ? LogLevel.Information : LogLevel.Warning)
      .build();
    this.connection.serverTimeoutInMilliseconds = 30_000;
    this.register();
    // Whatever made the state need a snapshot (a gap, a reconnect), ask for one.
    this.unsubscribe = store.subscribe(() => this.resyncIfNeeded());
  }

  /** Listens to new and changed referrals (only those the server's scoping sends to this user). */
  onReferral(listener: ReferralListener): () => void {
    this.referralListeners.add(listener);
    return () => this.referralListeners.delete(listener);
  }

  /** Listens to triage saves of the calls this user holds (all of them for a supervisor). */
  onTriageChanged(listener: TriageListener): () => void {
    this.triageListeners.add(listener);
    return () => this.triageListeners.delete(listener);
  }

  get state(): HubConnectionState {
    return this.connection.state;
  }

  private register(): void {
    const c = this.connection;
    const dispatch = this.store.dispatch;
    c.on(serverMethods.snapshot, (snapshot: ConsoleSnapshot) =>
      dispatch({ type: 'snapshot', snapshot, receivedAtMs: this.now() }),
    );
    c.on(serverMethods.callQueued, (sequence: number, card: CallCard) =>
      dispatch({ type: 'event', event: { type: 'callQueued', sequence, card } }),
    );
    c.on(serverMethods.callUpdated, (sequence: number, card: CallCard) =>
      dispatch({ type: 'event', event: { type: 'callUpdated', sequence, card } }),
    );
    c.on(serverMethods.callRemoved, (sequence: number, callId: Guid) =>
      dispatch({ type: 'event', event: { type: 'callRemoved', sequence, callId } }),
    );
    c.on(serverMethods.presenceChanged, (sequence: number, state: CounsellorState) =>
      dispatch({ type: 'event', event: { type: 'presenceChanged', sequence, state } }),
    );
    c.on(serverMethods.offerReceived, (sequence: number, offer: OfferCard) =>
      dispatch({ type: 'event', event: { type: 'offerReceived', sequence, offer } }),
    );
    c.on(serverMethods.offerWithdrawn, (sequence: number, offerId: Guid, reason: string) =>
      dispatch({ type: 'event', event: { type: 'offerWithdrawn', sequence, offerId, reason } }),
    );
    c.on(serverMethods.callConnected, (sequence: number, call: CurrentCall) =>
      dispatch({ type: 'event', event: { type: 'callConnected', sequence, call } }),
    );
    c.on(serverMethods.callFinished, (sequence: number, callId: Guid) =>
      dispatch({ type: 'event', event: { type: 'callFinished', sequence, callId } }),
    );
    c.on(serverMethods.notice, (notice: ConsoleNotice) => dispatch({ type: 'notice', notice }));
    // Supervisors: an immediate danger stays on the banner until a supervisor takes it in charge.
    c.on(serverMethods.dangerAlertRaised, (alert: DangerAlertView) => dispatch({ type: 'dangerAlertRaised', alert }));
    c.on(serverMethods.dangerAlertTakenInCharge, (taken: DangerAlertTakenInCharge) =>
      dispatch({ type: 'dangerAlertTaken', alertId: taken.alertId }));
    // Supervisors: an overdue referral, held web messages: a toast.
    c.on(serverMethods.supervisorAlert, (alert: { kind: string; callId: Guid; referralId?: Guid | null }) =>
      dispatch({
        type: 'notice',
        notice: { code: `supervisor-alert.${alert.kind}`, callId: alert.callId, referralId: alert.referralId ?? null },
      }));
    // Supervisors: a caller waits too long and nobody is available to answer.
    c.on(serverMethods.waitAlert, (alert: WaitAlert) =>
      dispatch({ type: 'notice', notice: { code: 'supervisor-alert.LongWait', callId: alert.callId } }));
    // Supervisors: today's figures moved (coalesced by the server: at most one a second).
    c.on(serverMethods.statisticsChanged, (statistics: LiveStatistics) => dispatch({ type: 'statistics', statistics }));
    // Referral cards go to whoever listens (the inbox); each card is the referral's whole state.
    c.on(serverMethods.referralCreated, (card: ReferralCard) => this.referralListeners.forEach((listener) => listener(card, true)));
    c.on(serverMethods.referralChanged, (card: ReferralCard) => this.referralListeners.forEach((listener) => listener(card, false)));
    c.on(serverMethods.triageChanged, (callId: Guid, revision: number) => this.triageListeners.forEach((listener) => listener(callId, revision)));

    c.onreconnecting(() => dispatch({ type: 'connection', status: 'reconnecting' }));
    c.onreconnected(() => dispatch({ type: 'connection', status: 'connected' }));
    c.onclose(() => {
      dispatch({ type: 'connection', status: 'disconnected' });
      if (!this.stopped) {
        void this.afterFailure();
      }
    });
  }

  /** Connects, retrying until it works or the session turns out to be over. */
  async start(): Promise<void> {
    this.stopped = false;
    clearTimeout(this.restartTimer);
    if (this.connection.state !== HubConnectionState.Disconnected) {
      return;
    }
    this.store.dispatch({ type: 'connection', status: 'connecting' });
    try {
      await this.connection.start();
      if (this.stopped) {
        await this.connection.stop();
        return;
      }
      this.store.dispatch({ type: 'connection', status: 'connected' });
      this.resyncIfNeeded();
    } catch {
      if (!this.stopped) {
        this.store.dispatch({ type: 'connection', status: 'disconnected' });
        await this.afterFailure();
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.snapshotRetryTimer);
    this.unsubscribe();
    await this.connection.stop();
  }

  /** After a failed start or a closed connection: back to login if signed out, else try again soon. */
  private async afterFailure(): Promise<void> {
    let signedIn = true;
    try {
      signedIn = await this.options.isSignedIn();
    } catch {
      // The server is unreachable: keep trying.
    }
    if (this.stopped) {
      return;
    }
    if (!signedIn) {
      this.options.onSignedOut();
      return;
    }
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => void this.start(), 5000);
  }

  private resyncIfNeeded(): void {
    if (this.snapshotInFlight || this.stopped || !needsSnapshot(this.store.getState())) {
      return;
    }
    if (this.connection.state !== HubConnectionState.Connected) {
      return;
    }
    this.snapshotInFlight = true;
    this.connection
      .invoke<ConsoleSnapshot>(hubMethods.getSnapshot)
      .then((snapshot) => {
        this.snapshotInFlight = false;
        this.store.dispatch({ type: 'snapshot', snapshot, receivedAtMs: this.now() });
        // The replay may itself have shown a gap: the subscription asks again.
        this.resyncIfNeeded();
      })
      .catch(() => {
        this.snapshotInFlight = false;
        clearTimeout(this.snapshotRetryTimer);
        this.snapshotRetryTimer = setTimeout(() => this.resyncIfNeeded(), 2000);
      });
  }

  // --- Client → server ------------------------------------------------------------------------

  async setPresence(presence: SelectablePresence): Promise<void> {
    await this.call(() => this.connection.invoke(hubMethods.setPresence, presence));
  }

  async acceptOffer(offerId: Guid): Promise<void> {
    const result = await this.call(() => this.connection.invoke<AcceptOfferResult>(hubMethods.acceptOffer, offerId));
    if (result === undefined) {
      return;
    }
    if (result.accepted && result.call) {
      this.store.dispatch({ type: 'offerAccepted', offerId, call: result.call });
    } else if (!result.accepted) {
      this.store.dispatch({ type: 'offerRefused', offerId, reason: result.reason ?? null });
    }
  }

  async declineOffer(offerId: Guid): Promise<void> {
    // False means the offer had already ended (expired, withdrawn): either way it leaves the screen.
    const answered = await this.call(() => this.connection.invoke<boolean>(hubMethods.declineOffer, offerId));
    if (answered !== undefined) {
      this.store.dispatch({ type: 'offerDeclined', offerId });
    }
  }

  /** Voicemail or callback item done: the server closes it and starts the wrap-up. */
  async finishItem(callId: Guid): Promise<void> {
    const finished = await this.call(() => this.connection.invoke<boolean>(hubMethods.finishItem, callId));
    if (finished === false) {
      this.store.dispatch({ type: 'notice', notice: { code: 'console.finishFailed', callId } });
      this.store.dispatch({ type: 'resyncRequested' });
    }
  }

  /** "Raccrocher": the server ends the current call through Twilio. False (with a notice) when it could not. */
  async hangUp(): Promise<boolean> {
    const done = await this.call(() => this.connection.invoke<boolean>(hubMethods.hangUp));
    if (done === false) {
      this.store.dispatch({ type: 'notice', notice: { code: 'console.hangUpFailed', callId: null } });
    }
    return done === true;
  }

  /** "Terminer le post-appel": Available at once. */
  async endWrapUp(): Promise<void> {
    await this.call(() => this.connection.invoke<boolean>(hubMethods.endWrapUp));
  }

  /** "Prolonger": true when the server extended the wrap-up (once per wrap-up). */
  async extendWrapUp(): Promise<boolean> {
    const end = await this.call(() => this.connection.invoke<string | null>(hubMethods.extendWrapUp));
    if (end === null) {
      this.store.dispatch({ type: 'notice', notice: { code: 'console.extendRefused', callId: null } });
    }
    return typeof end === 'string';
  }

  /** Supervisors: offers a waiting call to a chosen available counsellor. True when the server did. */
  async assignCall(callId: Guid, counsellorUserId: Guid): Promise<boolean> {
    const assigned = await this.call(() => this.connection.invoke<boolean>(hubMethods.assignCall, callId, counsellorUserId));
    if (assigned === undefined) {
      return false;
    }
    this.store.dispatch({ type: 'notice', notice: { code: assigned ? 'console.assigned' : 'console.assignFailed', callId } });
    return assigned;
  }

  /** Runs a hub call; a failure becomes a notice (with the server's message) and a resync. */
  private async call<T>(invoke: () => Promise<T>): Promise<T | undefined> {
    try {
      return await invoke();
    } catch (error) {
      this.store.dispatch({
        type: 'notice',
        notice: { code: 'console.actionFailed', callId: null },
        detail: hubErrorMessage(error),
      });
      this.store.dispatch({ type: 'resyncRequested' });
      return undefined;
    }
  }
}

/**
 * Whether a failed (re)connection was the server refusing the session. A failed negotiate reaches the
 * retry policy as a FailedToNegotiateWithServerError whose message carries the HttpError's
 * "Status code '401'"; an HttpError carries statusCode itself.
 */
export function isAuthFailure(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  if (status === 401 || status === 403) {
    return true;
  }
  return error instanceof Error && /Status code '40[13]'/.test(error.message);
}

/** SignalR wraps a HubException as "An unexpected error occurred invoking 'X' on the server. HubException: reason". */
export function hubErrorMessage(error: unknown): string | null {
  if (!(error instanceof Error)) {
    return null;
  }
  const marker = 'HubException: ';
  const at = error.message.indexOf(marker);
  return at >= 0 ? error.message.slice(at + marker.length) : null;
}
