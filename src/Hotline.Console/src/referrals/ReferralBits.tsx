import type { ReferralCard, ReferralState } from '../api/contract';
import type { Messages } from '../i18n/fr';
import { useI18n } from '../i18n/i18n';
import { formatDateTime, formatDeadline } from './dates';
import { useLabel } from './hooks';
import type { Taxonomy } from './referralApi';

export function placeText(card: ReferralCard, m: Messages): string {
  return m.referrals.place(card.communeName, card.departementName, card.departementCode);
}

/** The state as a badge: a word (not only a colour). */
export function StateBadge({ state }: { state: ReferralState }) {
  const { m } = useI18n();
  return <span className={`badge referral-state referral-state--${state}`}>{m.referrals.states[state]}</span>;
}

export function UrgencyText({ card, taxonomy }: { card: ReferralCard; taxonomy: Taxonomy | null }) {
  const { m } = useI18n();
  const label = useLabel();
  if (card.urgency === null) {
    return <span className="referral-muted">{m.referrals.noUrgency}</span>;
  }
  const level = taxonomy?.urgency.find((l) => l.id === card.urgency);
  const text = label(level?.label, card.urgency);
  return card.urgent ? <span className="badge referral-urgent">{text}</span> : <span>{text}</span>;
}

/**
 * The acknowledgement deadline while the referral waits for it: relative ("dans 2 jours ouvrés", "en retard de 3 h"), absolute
 * in the title, and a badge when overdue. Once acknowledged (or passed on) there is none to meet.
 */
export function Deadline({ card, now, overdue }: { card: ReferralCard; now: number; overdue: boolean }) {
  const { m, language } = useI18n();
  if (card.state !== 'Sent') {
    return <span className="referral-muted">{m.referrals.noDeadline}</span>;
  }
  const absolute = formatDateTime(card.acknowledgeBy, language);
  return (
    <span className="referral-deadline">
      {overdue ? <span className="badge referral-overdue">{m.referrals.overdue}</span> : null}
      <time dateTime={card.acknowledgeBy} title={absolute}>
        {formatDeadline(Date.parse(card.acknowledgeBy), now, language, m.referrals.deadlinePhrases)}
      </time>
      <span className="visually-hidden"> ({absolute})</span>
    </span>
  );
}

/** What the receiving service is expected to do next (a CMER examines at its meeting; it does not follow families). */
export function nextStepText(card: ReferralCard, m: Messages): string {
  return card.state === 'Acknowledged' && card.serviceKind === 'CommuneCell' ? m.referrals.nextStepCommuneCell : m.referrals.nextStep[card.state];
}
