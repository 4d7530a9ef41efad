import { useEffect, useState } from 'react';
import { api, call } from '../api/client';
import type { CallCard, CurrentCall, Guid, WebContactView } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { useConsole, useConsoleState } from '../realtime';
import { inWrapUp, serverNow } from '../state';
import { formatDuration, useNow } from '../time/time';
import { PastCallTriage, PendingTriages, TriagePanel } from '../triage';
import { setVoiceMuted, useVoiceStatus } from '../voice';
import { kindText, locationText } from './callText';
import { AnsweringSettingsForm } from './AnsweringSettingsForm';
import { MotiveBadge } from './MotiveBadge';

/**
 * The call the counsellor is on (or wrapping up), with the caller's context and its triage; or, between
 * calls, the triage of an earlier call (openCallId, from the route) and the triages left to complete.
 */
export function CurrentCallPanel({ openCallId = null }: { openCallId?: Guid | null }) {
  const { m } = useI18n();
  const state = useConsoleState();
  const now = useNow();
  const current = state.current;
  // In wrap-up with the call's context, or without it (the page was reloaded: the server's snapshot
  // has no current call once the line is closed).
  const wrapUp = inWrapUp(state) || state.me?.presence === 'WrapUp';
  const item = current !== null && current.call.kind !== 'Live' ? current.call.kind : null;
  const title = wrapUp
    ? m.current.wrapUpTitle
    : current === null
      ? m.current.idleTitle
      : item !== null
        ? m.current.itemTitle[item]
        : m.current.title;
  return (
    <section className={`panel current-panel${wrapUp ? ' current-panel--wrapup' : ''}`} aria-labelledby="current-title">
      <div className="panel__header">
        <h2 id="current-title">{title}</h2>
      </div>
      {/* Announces the phase (call, wrap-up, none) once when it changes, never the ticking clock. */}
      <p className="visually-hidden" aria-live="polite">
        {title}
      </p>
      {current === null && wrapUp ? (
        <div className="current-panel__status">
          <WrapUpClock current={null} nowMs={serverNow(state, now)} />
          <p>{m.current.wrapUpNoContext}</p>
        </div>
      ) : null}
      {current === null && openCallId !== null ? (
        <PastCallTriage callId={openCallId} />
      ) : current === null && wrapUp ? (
        // The call just ended is in the list: its triage can be opened from there.
        <PendingTriages />
      ) : current === null ? (
        <>
          <p className="current-panel__idle">
            {state.me?.presence === 'Available' ? m.current.idleAvailable : m.current.idleNotAvailable}
          </p>
          <PendingTriages />
          <AnsweringSettingsForm />
        </>
      ) : (
        <CallDetails key={current.callId} current={current} wrapUp={wrapUp} />
      )}
    </section>
  );
}

function CallDetails({ current, wrapUp }: { current: CurrentCall; wrapUp: boolean }) {
  const { m } = useI18n();
  const state = useConsoleState();
  const now = serverNow(state, useNow());
  const card = current.call;
  const kind = kindText(card, m);

  return (
    <>
      <div className="current-panel__status">
        {wrapUp ? (
          <WrapUpClock current={current} nowMs={now} />
        ) : (
          <p className="current-panel__clock">
            {(card.kind === 'Live' ? m.current.connectedFor : m.current.openFor)(formatDuration(now - Date.parse(current.connectedAt)))}
          </p>
        )}
        {wrapUp && state.currentEnded ? <p>{m.current.ended}</p> : null}
        {!wrapUp && current.call.kind === 'Live' ? <ModeLine current={current} /> : null}
        {!wrapUp && current.call.kind !== 'Live' ? <WorkItemActions current={current} /> : null}
      </div>

      <h3 className="current-panel__subtitle">{m.current.context}</h3>
      <dl className="facts">
        <div>
          <dt>{m.current.motive}</dt>
          <dd>
            <MotiveBadge motive={card.motive} />
          </dd>
        </div>
        {kind ? (
          <div>
            <dt>{m.current.kind}</dt>
            <dd>{kind}</dd>
          </div>
        ) : null}
        <div>
          <dt>{m.current.location}</dt>
          <dd>
            {locationText(card, m)}
            {card.postalCode ? ` · ${m.queue.location.postalCode(card.postalCode)}` : null}
          </dd>
        </div>
        {card.communes.length === 1 && card.communes[0] ? (
          <div>
            <dt>{m.current.commune}</dt>
            <dd>{card.communes[0].name}</dd>
          </div>
        ) : null}
        <div>
          <dt>{m.current.repeat}</dt>
          <dd>{card.repeatCaller ? m.queue.repeatCaller(card.previousCalls) : m.current.repeatNo}</dd>
        </div>
      </dl>
      <DiscreetPreferences card={card} />
      {card.kind === 'WebMessage' ? <WebMessageDetails callId={current.callId} /> : null}

      {/* The concerned person's commune is chosen in the triage, among the postal code's communes. */}
      <TriagePanel key={current.callId} callId={current.callId} />
    </>
  );
}

/** A voicemail or callback item: what the console can do with it, and closing it. */
function WorkItemActions({ current }: { current: CurrentCall }) {
  const { m } = useI18n();
  const { connection } = useConsole();
  const [busy, setBusy] = useState(false);
  const kind = current.call.kind === 'Live' ? 'Callback' : current.call.kind;
  return (
    <div className="current-panel__item">
      <p className="current-panel__mode">{m.current.itemHint[kind]}</p>
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void connection.finishItem(current.callId).finally(() => setBusy(false));
        }}
      >
        {m.current.finishItem}
      </button>
    </div>
  );
}

/** What the family said about being contacted: shown for callbacks and written messages with a phone. */
function DiscreetPreferences({ card }: { card: CallCard }) {
  const { m } = useI18n();
  if (card.kind !== 'Callback' && !(card.kind === 'WebMessage' && card.callbackWindow !== null)) {
    return null;
  }
  return (
    <>
      <h3 className="current-panel__subtitle">{m.current.discreet.title}</h3>
      <dl className="facts" data-testid="discreet-preferences">
        <div>
          <dt>{m.current.discreet.messageAllowed}</dt>
          <dd>{card.callbackMessageAllowed === true ? m.current.discreet.messageYes : m.current.discreet.messageNo}</dd>
        </div>
        <div>
          <dt>{m.current.discreet.window}</dt>
          <dd>{m.current.discreet.windows[card.callbackWindow ?? 'AnyTime']}</dd>
        </div>
      </dl>
    </>
  );
}

/** A written message: read from the server only by the counsellor holding it (each read is audited). */
function WebMessageDetails({ callId }: { callId: Guid }) {
  const { m } = useI18n();
  const [view, setView] = useState<WebContactView | 'loading' | 'failed'>('loading');
  useEffect(() => {
    let live = true;
    void call(api.GET('/api/contact/items/{callId}', { params: { path: { callId } } })).then((result) => {
      if (live) {
        setView(result.ok ? result.data : 'failed');
      }
    });
    return () => {
      live = false;
    };
  }, [callId]);
  if (view === 'loading' || view === 'failed') {
    return <p role="status">{view === 'loading' ? m.current.web.loading : m.current.web.failed}</p>;
  }
  return (
    <>
      <h3 className="current-panel__subtitle">{m.current.web.message}</h3>
      <p className="current-panel__message" data-testid="web-message">
        {view.message}
      </p>
      <dl className="facts">
        <div>
          <dt>{m.current.web.reference}</dt>
          <dd>{view.reference}</dd>
        </div>
        <div>
          <dt>{m.current.web.relation}</dt>
          <dd>{m.current.web.relations[view.relation]}</dd>
        </div>
        <div>
          <dt>{m.current.web.age}</dt>
          <dd>{m.current.web.ages[view.ageBand]}</dd>
        </div>
        <div>
          <dt>{m.current.web.phone}</dt>
          <dd>{view.phone ?? m.current.web.none}</dd>
        </div>
        <div>
          <dt>{m.current.web.email}</dt>
          <dd>{view.email ?? m.current.web.none}</dd>
        </div>
      </dl>
    </>
  );
}

/**
 * The wrap-up's countdown when its end is known (the server's, moved by "Prolonger"), else the time spent in it;
 * with "Terminer le post-appel" (Available now) and "Prolonger" (Console:WrapUp once more, once).
 */
function WrapUpClock({ current, nowMs }: { current: CurrentCall | null; nowMs: number }) {
  const { m } = useI18n();
  const { connection } = useConsole();
  const { me } = useConsoleState();
  const [busy, setBusy] = useState(false);
  const [extended, setExtended] = useState(false);
  const endsAt = (me?.presence === 'WrapUp' ? me.wrapUpEndsAt : null) ?? current?.wrapUpEndsAt ?? null;
  const since = me?.presence === 'WrapUp' ? Date.parse(me.since) : null;
  const clock = endsAt
    ? m.current.wrapUpEndsIn(formatDuration(Math.max(0, Date.parse(endsAt) - nowMs)))
    : since !== null
      ? m.current.wrapUpFor(formatDuration(nowMs - since))
      : null;
  const act = (action: () => Promise<unknown>) => {
    setBusy(true);
    void action().finally(() => setBusy(false));
  };
  return (
    <div className="current-panel__wrapup">
      {clock !== null ? <p className="current-panel__clock">{clock}</p> : null}
      {me?.presence === 'WrapUp' ? (
        <p className="current-panel__wrapup-actions">
          <button type="button" className="button button--primary" disabled={busy} onClick={() => act(() => connection.endWrapUp())}>
            {m.current.endWrapUp}
          </button>{' '}
          {endsAt && !extended ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => act(async () => setExtended(await connection.extendWrapUp()))}
            >
              {m.current.extendWrapUp}
            </button>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}

/** How the counsellor hears the caller, "Raccrocher" (through Twilio, whatever the mode) and, in the browser, a mute toggle. */
function ModeLine({ current }: { current: CurrentCall }) {
  const { m } = useI18n();
  const { connection } = useConsole();
  const voice = useVoiceStatus();
  const [hangingUp, setHangingUp] = useState(false);
  const hangUp = () => {
    setHangingUp(true);
    // The line closes when Twilio reports the call completed (CallFinished); the button waits until then.
    void connection.hangUp().then((done) => {
      if (!done) {
        setHangingUp(false);
      }
    });
  };
  return (
    <p className={`current-panel__mode current-panel__mode--${current.mode}`}>
      {current.mode === 'Browser' ? `${m.current.modes.Browser} ${m.voice.states[voice.status]}` : m.current.modes[current.mode]}{' '}
      {current.mode === 'Browser' && voice.canMute ? (
        <button type="button" className="button button--small" aria-pressed={voice.muted} onClick={() => setVoiceMuted(!voice.muted)}>
          {voice.muted ? m.current.unmute : m.current.mute}
        </button>
      ) : null}{' '}
      <button type="button" className="button button--small button--danger" onClick={hangUp} disabled={hangingUp}>
        {m.current.hangUp}
      </button>
    </p>
  );
}
