import { type Dispatch, type FormEvent, memo, useMemo, useState } from 'react';
import { type ReferralCard, roles } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { href } from '../routing/route';
import { useConsole } from '../realtime';
import { useNow } from '../time/time';
import { formatDateTime } from './dates';
import { useLabel } from './hooks';
import { type InboxAction, type InboxSort, type InboxState, type InboxView, inboxSorts, inboxViews, shownCards, viewCount } from './inboxState';
import type { Taxonomy } from './referralApi';
import { Deadline, nextStepText, placeText, StateBadge, UrgencyText } from './ReferralBits';

export interface InboxListProps {
  state: InboxState;
  dispatch: Dispatch<InboxAction>;
  taxonomy: Taxonomy | null;
  limit: number;
}

/**
 * The list: counts as filter chips, an urgency filter, a reference search and the order; one row per referral,
 * the other party first (who sent it, for the services that receive it; where it went, for the line's supervisors).
 */
export function InboxList({ state, dispatch, taxonomy, limit }: InboxListProps) {
  const { m } = useI18n();
  const label = useLabel();
  const { user } = useConsole();
  const rows = useMemo(() => shownCards(state), [state]);
  const { filters, counts } = state;
  const [reference, setReference] = useState(filters.reference ?? '');
  // The line (supervisors) sent them: the other party is the service. Everyone else received them: the sender.
  const sender = !user.roles.includes(roles.supervisor);
  const search = (event: FormEvent) => {
    event.preventDefault();
    dispatch({ type: 'filter', filters: { ...filters, reference: reference.trim() || null } });
  };
  const viewName = (view: InboxView) =>
    view === 'all' ? m.referrals.filters.all : view === 'overdue' ? m.referrals.filters.overdue : m.referrals.states[view];

  return (
    <section className="panel inbox" aria-labelledby="inbox-title" aria-busy={state.loading}>
      <div className="panel__header">
        <h1 id="inbox-title" className="inbox__title">
          {m.referrals.title}
        </h1>
        <p className="panel__count" data-testid="inbox-count">
          {m.referrals.count(counts.total, counts.overdue)}
        </p>
      </div>

      <div className="inbox__filters">
        <div className="chips" role="group" aria-label={m.referrals.filters.views}>
          {inboxViews.map((view) => (
            <button
              key={view}
              type="button"
              className={`chip${view === 'overdue' && counts.overdue > 0 ? ' chip--alert' : ''}`}
              aria-pressed={filters.view === view}
              data-view={view}
              onClick={() => dispatch({ type: 'filter', filters: { ...filters, view } })}
            >
              {viewName(view)} <span className="chip__count">{viewCount(counts, view)}</span>
            </button>
          ))}
        </div>
        <label className="inbox__urgency">
          <span>{m.referrals.filters.urgency}</span>
          <select
            value={filters.urgency ?? ''}
            onChange={(event) => dispatch({ type: 'filter', filters: { ...filters, urgency: event.target.value || null } })}
          >
            <option value="">{m.referrals.filters.anyUrgency}</option>
            {(taxonomy?.urgency ?? []).map((level) => (
              <option key={level.id} value={level.id}>
                {label(level.label, level.id)}
              </option>
            ))}
          </select>
        </label>
        <label className="inbox__urgency">
          <span>{m.referrals.sort.label}</span>
          <select
            value={filters.sort ?? 'Priority'}
            data-testid="inbox-sort"
            onChange={(event) => dispatch({ type: 'filter', filters: { ...filters, sort: event.target.value as InboxSort } })}
          >
            {inboxSorts.map((sort) => (
              <option key={sort} value={sort}>
                {m.referrals.sort[sort]}
              </option>
            ))}
          </select>
        </label>
        <form className="inbox__search" role="search" onSubmit={search}>
          <label>
            <span>{m.referrals.search.label}</span>
            <input
              type="search"
              inputMode="numeric"
              value={reference}
              placeholder={m.referrals.search.placeholder}
              data-testid="inbox-search"
              onChange={(event) => setReference(event.target.value)}
            />
          </label>
          <button type="submit" className="button button--small">
            {m.referrals.search.submit}
          </button>
          {filters.reference ? (
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                setReference('');
                dispatch({ type: 'filter', filters: { ...filters, reference: null } });
              }}
            >
              {m.referrals.search.clear}
            </button>
          ) : null}
        </form>
      </div>

      {state.status === 'failed' ? (
        <div className="inbox__error" role="alert">
          <p>{m.referrals.loadFailed}</p>
          <button type="button" className="button button--small" onClick={() => dispatch({ type: 'reload' })}>
            {m.referrals.retry}
          </button>
        </div>
      ) : null}

      {rows.length === 0 ? (
        <p className="inbox__empty">
          {state.status === 'initial'
            ? m.referrals.loading
            : filters.view === 'all' && filters.urgency === null && !filters.reference
              ? m.referrals.empty
              : m.referrals.emptyFiltered}
        </p>
      ) : (
        <div className="inbox__scroll">
          <table className="inbox__table" aria-labelledby="inbox-title">
            <thead>
              <tr>
                <th scope="col">{sender ? m.referrals.columns.from : m.referrals.columns.service}</th>
                <th scope="col">{m.referrals.columns.reference}</th>
                <th scope="col">{m.referrals.columns.place}</th>
                <th scope="col">{m.referrals.columns.age}</th>
                <th scope="col">{m.referrals.columns.urgency}</th>
                <th scope="col">{m.referrals.columns.state}</th>
                <th scope="col">{m.referrals.columns.deadline}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((card) => (
                <InboxRow key={card.id} card={card} taxonomy={taxonomy} sender={sender} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.truncated ? <p className="inbox__truncated">{m.referrals.truncated(limit)}</p> : null}
    </section>
  );
}

const InboxRow = memo(function InboxRow({ card, taxonomy, sender }: { card: ReferralCard; taxonomy: Taxonomy | null; sender: boolean }) {
  const { m, language } = useI18n();
  const now = useNow();
  const overdue = card.overdue || (card.state === 'Sent' && Date.parse(card.acknowledgeBy) <= now);
  return (
    <tr className={overdue ? 'inbox__row inbox__row--overdue' : 'inbox__row'} data-referral-id={card.id}>
      <th scope="row" className="inbox__service">
        <a href={href('referrals', card.id)}>{sender ? card.senderName : card.serviceName}</a>
        <span className="inbox__kind">
          {sender ? m.referrals.sentTo(card.serviceName) : m.referrals.kinds[card.serviceKind]}
        </span>
      </th>
      <td className="inbox__reference">
        <span className="referral-reference">{card.reference}</span>
        <time className="inbox__kind" dateTime={card.sentAt}>
          {formatDateTime(card.sentAt, language)}
        </time>
      </td>
      <td>{placeText(card, m)}</td>
      <td>{card.ageBand ? m.people.ageBands[card.ageBand] : <span className="referral-muted">{m.referrals.noAge}</span>}</td>
      <td>
        <UrgencyText card={card} taxonomy={taxonomy} />
      </td>
      <td>
        <StateBadge state={card.state} />
        <span className="inbox__next">{nextStepText(card, m)}</span>
      </td>
      <td>
        <Deadline card={card} now={now} overdue={overdue} />
      </td>
    </tr>
  );
});
