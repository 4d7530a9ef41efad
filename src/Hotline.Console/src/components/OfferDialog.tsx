import { type KeyboardEvent, useId, useRef, useState } from 'react';
import type { OfferCard } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { useConsole, useConsoleState } from '../realtime';
import { serverNow, waitingSince } from '../state';
import { formatDuration, secondsLeft, useNow } from '../time/time';
import { kindText, locationDetail, locationText } from './callText';
import { MotiveBadge } from './MotiveBadge';
import { useModalDialog } from '../dialog/useModalDialog';

/** Keys pressed this soon after the dialog opens are ignored: an Enter meant for something else must not take a call. */
const guardMs = 400;

/** The offer pop-up, shown while the state holds an offer; keyed by offer id so each offer starts fresh. */
export function OfferDialogHost() {
  const { offer } = useConsoleState();
  return offer ? <OfferDialog key={offer.offerId} offer={offer} /> : null;
}

function OfferDialog({ offer }: { offer: OfferCard }) {
  const { m } = useI18n();
  const { connection } = useConsole();
  const state = useConsoleState();
  const now = serverNow(state, useNow());
  const ref = useRef<HTMLDialogElement>(null);
  const declineRef = useRef<HTMLButtonElement>(null);
  const acceptRef = useRef<HTMLButtonElement>(null);
  const [openedAt] = useState(() => performance.now());
  const [busy, setBusy] = useState(false);
  useModalDialog(ref, acceptRef);
  const titleId = useId();
  const descriptionId = useId();

  const left = secondsLeft(Date.parse(offer.expiresAt), now);
  const expired = left === 0;
  const card = offer.call;
  const kind = kindText(card, m);
  const detail = locationDetail(card, m);

  async function answer(accept: boolean) {
    if (busy) {
      return;
    }
    setBusy(true);
    try {
      await (accept ? connection.acceptOffer(offer.offerId) : connection.declineOffer(offer.offerId));
    } finally {
      setBusy(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== 'Enter' || event.repeat || event.nativeEvent.isComposing) {
      return;
    }
    // Enter on the focused Decline button declines (its own click); anywhere else it accepts.
    if (event.target === declineRef.current) {
      return;
    }
    event.preventDefault();
    if (performance.now() - openedAt >= guardMs && !expired) {
      void answer(true);
    }
  }

  return (
    <dialog
      ref={ref}
      className={`dialog offer offer--${card.motive}`}
      data-offer-id={offer.offerId}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        // Escape declines.
        event.preventDefault();
        if (performance.now() - openedAt >= guardMs) {
          void answer(false);
        }
      }}
    >
      <h2 id={titleId} className="offer__title">
        {m.offer.title}
      </h2>
      <div id={descriptionId}>
        <p className="offer__motive">
          <MotiveBadge motive={card.motive} />
          {kind ? <span className={`badge badge--kind badge--${card.kind}`}>{kind}</span> : null}
          {card.repeatCaller ? <span className="badge badge--repeat">{m.queue.repeatCaller(card.previousCalls)}</span> : null}
        </p>
        <p className="offer__location">
          {locationText(card, m)}
          {detail ? <span className="call-card__detail"> · {detail}</span> : null}
        </p>
        <p className="offer__wait">{m.queue.waiting(formatDuration(now - Date.parse(waitingSince(card))))}</p>
      </div>
      <p className={`offer__countdown${left <= 5 ? ' offer__countdown--soon' : ''}`} aria-live="off">
        {expired ? m.offer.expired : m.offer.expiresIn(left)}
      </p>
      <div className="dialog__actions offer__actions">
        <button ref={declineRef} type="button" className="button button--large" onClick={() => void answer(false)} disabled={busy}>
          {m.offer.decline} <kbd>{m.offer.declineKey}</kbd>
        </button>
        <button
          ref={acceptRef}
          type="button"
          className="button button--large button--accept"
          onClick={() => void answer(true)}
          disabled={busy || expired}
        >
          {busy ? m.offer.working : m.offer.accept} <kbd>{m.offer.acceptKey}</kbd>
        </button>
      </div>
      <p className="offer__hint">{m.offer.hint}</p>
      {/* The dialog is modal (the header's presence buttons are out of reach): Pause is offered here too, and declines the offer. */}
      <p className="offer__pause">
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void connection.setPresence('Break').finally(() => setBusy(false));
          }}
        >
          {m.offer.pause}
        </button>
      </p>
    </dialog>
  );
}
