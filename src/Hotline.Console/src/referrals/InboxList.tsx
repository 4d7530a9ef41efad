import { type Dispatch, memo, useMemo } from 'react';
import type { ReferralCard } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { href } from '../routing/route';
import { useNow } from '../time/time';
import { formatDateTime } from './dates';
import { useLabel } from './hooks';
import { type InboxAction, type InboxState, type InboxView, inboxViews, shownCards, viewCount } from './inboxState';
import type { Taxonomy } from './referralApi';
import { Deadline, placeText, StateBadge, UrgencyText } from './ReferralBits';

export interface InboxListProps {
  state: InboxState;
  dispatch: Dispatch<InboxAction>;
  taxonomy: Taxonomy | null;
  limit: number;
}

/** The list: counts as filter chips, an urgency filter, one row per referral (overdue first). */
export function InboxList({ state, dispatch, taxonomy, limit }: InboxListProps) {
  const { m } = useI18n();
  const label = useLabel();
  const rows = useMemo(() => shownCards(state), [state]);
  const { filters, counts } = state;
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
            : filters.view === 'all' && filters.urgency === null
              ? m.referrals.empty
              : m.referrals.emptyFiltered}
        </p>
      ) : (
        <div className="inbox__scroll">
          <table className="inbox__table" aria-labelledby="inbox-title">
            <thead>
              <tr>
                <th scope="col">{m.referrals.columns.service}</th>
                <th scope="col">{m.referrals.columns.place}</th>
                <th scope="col">{m.referrals.columns.urgency}</th>
                <th scope="col">{m.referrals.columns.state}</th>
                <th scope="col">{m.referrals.columns.sentAt}</th>
                <th scope="col">{m.referrals.columns.deadline}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((card) => (
                <InboxRow key={card.id} card={card} taxonomy={taxonomy} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.truncated ? <p className="inbox__truncated">{m.referrals.truncated(limit)}</p> : null}
    </section>
  );
}

const InboxRow = memo(function InboxRow({ card, taxonomy }: { card: ReferralCard; taxonomy: Taxonomy | null }) {
  const { m, language } = useI18n();
  const now = useNow();
  const overdue = card.overdue || (card.state === 'Sent' && Date.parse(card.acknowledgeBy) <= now);
  return (
    <tr className={overdue ? 'inbox__row inbox__row--overdue' : 'inbox__row'} data-referral-id={card.id}>
      <th scope="row" className="inbox__service">
        <a href={href('referrals', card.id)}>{card.serviceName}</a>
        <span className="inbox__kind">{m.referrals.kinds[card.serviceKind]}</span>
      </th>
      <td>{placeText(card, m)}</td>
      <td>
        <UrgencyText card={card} taxonomy={taxonomy} />
      </td>
      <td>
        <StateBadge state={card.state} />
      </td>
      <td>
        <time dateTime={card.sentAt}>{formatDateTime(card.sentAt, language)}</time>
      </td>
      <td>
        <Deadline card={card} now={now} overdue={overdue} />
      </td>
    </tr>
  );
});
