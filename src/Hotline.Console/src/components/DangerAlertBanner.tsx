import { useState } from 'react';
import { api, call } from '../api/client';
import type { DangerAlertView } from '../api/contract';
import { type Language, useI18n } from '../i18n/i18n';
import type { Messages } from '../i18n/fr';
import { useConsole, useConsoleState } from '../realtime';
import { serverNow } from '../state';
import { useNow } from '../time/time';

const locales: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

/** "Appel de 14:32 · signalé par Écoutant·e 1 · Vaucluse (84) · la ligne a contacté le 17/112". */
export function dangerAlertText(alert: DangerAlertView, m: Messages, language: Language): string {
  const t = m.dangerAlerts;
  const time = new Date(alert.callReceivedAt).toLocaleTimeString(locales[language], {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
  });
  const parts = [t.call(time)];
  if (alert.counsellorName) {
    parts.push(t.counsellor(alert.counsellorName));
  }
  parts.push(
    alert.departementCode && alert.departementName
      ? t.departement(alert.departementName, alert.departementCode)
      : t.departementUnknown,
  );
  if (alert.emergencyServices) {
    parts.push(t.emergency[alert.emergencyServices]);
  }
  return parts.join(' · ');
}

/** "il y a 2 min", "il y a 1 h", or "à l'instant" under a minute. */
export function raisedAgo(raisedMs: number, nowMs: number, m: Messages, language: Language): string {
  const minutes = Math.floor((nowMs - raisedMs) / 60_000);
  if (minutes < 1) {
    return m.dangerAlerts.justNow;
  }
  const format = new Intl.RelativeTimeFormat(locales[language], { style: 'short' });
  return minutes < 60 ? format.format(-minutes, 'minute') : format.format(-Math.floor(minutes / 60), 'hour');
}

/**
 * Supervisors: every immediate danger nobody has taken in charge, stacked at the top of every area, until a
 * supervisor presses "J'ai pris en charge" (then it leaves every supervisor's screen). Screen readers hear each
 * alert once, when it arrives (the alert region's text changes only then), not on every tick of "il y a".
 */
export function DangerAlertBanner() {
  const { m, language } = useI18n();
  const state = useConsoleState();
  const { open, announce } = state.dangerAlerts;
  const announced = open.filter((alert) => announce.includes(alert.id));
  return (
    <>
      <div role="alert" className="visually-hidden">
        {announced.map((alert) => m.dangerAlerts.announce(dangerAlertText(alert, m, language))).join(' ')}
      </div>
      {open.length > 0 ? (
        <section className="danger-banner" aria-label={m.dangerAlerts.region}>
          <ul className="danger-banner__list">
            {open.map((alert) => (
              <DangerAlertItem key={alert.id} alert={alert} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function DangerAlertItem({ alert }: { alert: DangerAlertView }) {
  const { m, language } = useI18n();
  const { store } = useConsole();
  const state = useConsoleState();
  const now = serverNow(state, useNow());
  const [taking, setTaking] = useState(false);

  async function takeCharge() {
    setTaking(true);
    const result = await call(api.POST('/api/danger-alerts/{alertId}/take-charge', { params: { path: { alertId: alert.id } } }));
    setTaking(false);
    if (result.ok) {
      store.dispatch({ type: 'dangerAlertTaken', alertId: alert.id });
      return;
    }
    if (result.problem.code === 'danger-alert-already-taken' || result.problem.code === 'danger-alert-not-found') {
      // Someone else was quicker: it leaves this banner too, and the supervisor is told who has it.
      store.dispatch({ type: 'dangerAlertTaken', alertId: alert.id });
    }
    store.dispatch({
      type: 'notice',
      notice: { code: result.problem.code === 'danger-alert-already-taken' ? 'console.dangerAlertAlreadyTaken' : 'console.dangerAlertFailed', callId: alert.callId },
      detail: result.problem.takenInChargeBy ?? null,
    });
  }

  return (
    <li className="danger-banner__item">
      <p className="danger-banner__text">
        <strong className="danger-banner__title">{m.dangerAlerts.title}</strong>{' '}
        <span>{dangerAlertText(alert, m, language)}</span>
        {' · '}
        <time className="danger-banner__ago" dateTime={alert.raisedAt}>
          {raisedAgo(Date.parse(alert.raisedAt), now, m, language)}
        </time>
      </p>
      <button type="button" className="danger-banner__take" disabled={taking} onClick={() => void takeCharge()}>
        {taking ? m.dangerAlerts.taking : m.dangerAlerts.takeCharge}
      </button>
    </li>
  );
}
