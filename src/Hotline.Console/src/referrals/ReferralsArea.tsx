import { type Dispatch, useEffect, useReducer } from 'react';
import type { ReferralCard } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { useConsole } from '../realtime';
import type { Route } from '../routing/route';
import { InboxList } from './InboxList';
import { type InboxAction, type InboxState, inboxReducer, initialInboxState, queryFor } from './inboxState';
import { useOnHubSynced, useTaxonomy } from './hooks';
import { listReferrals } from './referralApi';
import { ReferralDetailView } from './ReferralDetailView';
import './referrals.css';

/** At most this many cards per load (the server allows 500); more says "narrow the filter". */
export const inboxLimit = 200;

/**
 * The referral inbox (coordinators, commune cells, supervisors): the list at #/referrals, one referral
 * at #/referrals/<id>. The list state lives here, so it stays live (and in place) while a referral is open.
 */
export function ReferralsArea({ route }: { route: Route }) {
  const [state, dispatch] = useInbox();
  const taxonomy = useTaxonomy();
  const id = route.rest[0];
  return (
    <div className="referrals">
      <Announcer card={state.announcement?.card ?? null} seq={state.announcement?.seq ?? 0} />
      {id !== undefined ? (
        <ReferralDetailView key={id} id={id} taxonomy={taxonomy} />
      ) : (
        <InboxList state={state} dispatch={dispatch} taxonomy={taxonomy} limit={inboxLimit} />
      )}
    </div>
  );
}

function useInbox(): [InboxState, Dispatch<InboxAction>] {
  const { connection } = useConsole();
  const [state, dispatch] = useReducer(inboxReducer, initialInboxState);

  // One request per load id; an answer for an older one is dropped by the reducer.
  const { loadId, filters } = state;
  useEffect(() => {
    void listReferrals({ ...queryFor(filters), limit: inboxLimit }).then((result) =>
      dispatch(result.ok ? { type: 'loaded', loadId, list: result.data, limit: inboxLimit } : { type: 'loadFailed', loadId }),
    );
    // The filters belong to this load id (only a new filter changes them, with a new id): one load per id.
  }, [loadId, filters]);

  useEffect(() => connection.onReferral((card, created) => dispatch({ type: 'card', card, created })), [connection]);

  // No replay of referral events: after a reconnect, load again.
  useOnHubSynced(() => dispatch({ type: 'reload' }));

  // Counts that could not be adjusted: reload, once a burst of events is over.
  const { stale, loading } = state;
  useEffect(() => {
    if (!stale || loading) {
      return;
    }
    const timer = setTimeout(() => dispatch({ type: 'reload' }), 300);
    return () => clearTimeout(timer);
  }, [stale, loading]);

  return [state, dispatch];
}

/** Says "Nouvelle orientation — Tarascon" without moving focus; a new node for each, so each is read. */
function Announcer({ card, seq }: { card: ReferralCard | null; seq: number }) {
  const { m } = useI18n();
  const place = card ? (card.communeName ?? card.departementName ?? card.serviceName) : null;
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="referral-announcer">
      {place !== null ? <span key={seq}>{m.referrals.announce(place)}</span> : null}
    </div>
  );
}
