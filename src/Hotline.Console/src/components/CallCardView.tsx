import { memo } from 'react';
import type { CallCard } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { waitingSince } from '../state';
import { formatDuration } from '../time/time';
import { kindText, locationDetail, locationText } from './callText';
import { MotiveBadge } from './MotiveBadge';

export interface CallCardViewProps {
  card: CallCard;
  serverNowMs: number;
  /** Supervisors see who a card is offered to and may assign it. */
  supervisor: boolean;
  onAssign?: (card: CallCard) => void;
  /** Counsellors free to answer may take a waiting card themselves ("Prendre"). */
  onTake?: (card: CallCard) => void;
  /** A take of this card is under way. */
  taking?: boolean;
  /** Animate in: the card arrived after the list was first shown. */
  isNew: boolean;
}

/** Statuses a supervisor may give to a counsellor (not while an offer is out or the call connects). */
const assignable = new Set(['Queued', 'Voicemail', 'CallbackRequested']);
/** Statuses a counsellor may take (an offer to someone else is withdrawn by the server, as an assignment does). */
const takeable = new Set(['Queued', 'Offered', 'Voicemail', 'CallbackRequested', 'WebMessage']);

/**
 * One queue card. Its height is fixed by the stylesheet whatever it shows (lines are clipped with an
 * ellipsis), so cards arriving or changing never shift the rest of the list by anything but whole cards.
 */
export const CallCardView = memo(function CallCardView({ card, serverNowMs, supervisor, onAssign, onTake, taking = false, isNew }: CallCardViewProps) {
  const { m } = useI18n();
  const waited = formatDuration(serverNowMs - Date.parse(waitingSince(card)));
  const kind = kindText(card, m);
  const detail = locationDetail(card, m);
  const titleId = `card-${card.callId}`;
  return (
    <article className={`call-card call-card--${card.motive}${isNew ? ' call-card--new' : ''}`} aria-labelledby={titleId}>
      <div className="call-card__row">
        <h3 className="call-card__title" id={titleId}>
          <MotiveBadge motive={card.motive} />
        </h3>
        <span className="call-card__priority">{m.queue.priority(card.priority)}</span>
        <span className="call-card__wait" title={m.queue.waitingLabel}>
          <span className="visually-hidden">{m.queue.waitingLabel} </span>
          <time dateTime={waitingSince(card)}>{waited}</time>
        </span>
      </div>
      <p className="call-card__location">
        <span className={card.location === 'Resolved' ? '' : 'call-card__location--uncertain'}>{locationText(card, m)}</span>
        {detail ? <span className="call-card__detail"> · {detail}</span> : null}
      </p>
      <div className="call-card__row call-card__tags">
        {/* Badges shrink (ellipsis) before the button does: the action is never clipped. */}
        <span className="call-card__badges">
          {kind ? <span className={`badge badge--kind badge--${card.kind}`}>{kind}</span> : null}
          {card.repeatCaller ? <span className="badge badge--repeat">{m.queue.repeatCaller(card.previousCalls)}</span> : null}
          {supervisor && card.offeredTo ? <span className="badge badge--offered">{m.queue.offeredTo(card.offeredTo)}</span> : null}
          {!supervisor && card.status === 'Offered' ? <span className="badge badge--offered">{m.queue.offered}</span> : null}
        </span>
        {onTake && takeable.has(card.status) ? (
          <button
            type="button"
            className="button button--small button--primary call-card__take"
            onClick={() => onTake(card)}
            disabled={taking}
            aria-label={m.queue.takeLabel(m.queue.motives[card.motive])}
          >
            {m.queue.take}
          </button>
        ) : null}
        {supervisor && onAssign && assignable.has(card.status) ? (
          <button
            type="button"
            className="button button--small call-card__assign"
            onClick={() => onAssign(card)}
            aria-label={m.queue.assignLabel(m.queue.motives[card.motive])}
          >
            {m.queue.assign}
          </button>
        ) : null}
      </div>
    </article>
  );
});
