import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useConsole } from '../realtime';
import { href } from '../routing/route';
import { useNow } from '../time/time';
import { formatDateTime } from './dates';
import { useLabel, useOnHubSynced } from './hooks';
import {
  addReferralNote,
  type ApiProblem,
  type ApiResult,
  closeReferral,
  type ClosingReason,
  closingReasons,
  getReferral,
  isGuid,
  type MoveAction,
  moveReferral,
  type ReferralAction,
  type ReferralDetail,
  type ReferralHistoryEntry,
  type ReferralSituation,
  type Taxonomy,
} from './referralApi';
import { Deadline, nextStepText, placeText, StateBadge, UrgencyText } from './ReferralBits';
import { RedirectForm } from './RedirectForm';

type View = { kind: 'loading' } | { kind: 'notFound' } | { kind: 'failed' } | { kind: 'ready'; detail: ReferralDetail };

interface Message {
  tone: 'success' | 'error';
  text: string;
}

/** The buttons in order; closing opens its confirmation, with the reason. */
const moveActions: readonly (MoveAction | 'Close')[] = ['Acknowledge', 'StartFollowUp', 'Close'];

/**
 * One referral: card, why it went there, the transfer's purpose and legal basis, the situation when
 * shared, history, notes, and a button for each action the server allows this reader now.
 */
export function ReferralDetailView({ id, taxonomy }: { id: string; taxonomy: Taxonomy | null }) {
  const { m, language } = useI18n();
  const { connection } = useConsole();
  const [view, setView] = useState<View>(isGuid(id) ? { kind: 'loading' } : { kind: 'notFound' });
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState<ReferralAction | null>(null);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const [closing, setClosing] = useState<{ reason: ClosingReason | ''; other: string; movedTo: string; missing: boolean }>({
    reason: '',
    other: '',
    movedTo: '',
    missing: false,
  });
  const [redirecting, setRedirecting] = useState(false);
  const version = useRef(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  const show = useCallback((detail: ReferralDetail) => {
    version.current = detail.referral.version;
    setView({ kind: 'ready', detail });
  }, []);

  const load = useCallback(async () => {
    if (!isGuid(id)) {
      return;
    }
    const result = await getReferral(id);
    if (result.ok) {
      show(result.data);
    } else {
      // 404 for one that does not exist and for one outside the territory alike: nothing leaks.
      setView(result.problem.status === 404 ? { kind: 'notFound' } : { kind: 'failed' });
    }
  }, [id, show]);

  useEffect(() => {
    // load() sets state only after its await: the rule reports async callbacks all the same (react/react#34905).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load();
  }, [load]);

  // Someone else acted, or a note was added: a newer version arrives over the hub.
  useEffect(
    () =>
      connection.onReferral((card) => {
        if (card.id === id && card.version > version.current && version.current > 0) {
          void load();
        }
      }),
    [connection, id, load],
  );
  useOnHubSynced(() => void load());

  // Keyboard and screen-reader users land on the referral's title once it is shown.
  const ready = view.kind === 'ready' || view.kind === 'notFound';
  useEffect(() => {
    if (ready) {
      heading.current?.focus();
    }
  }, [ready]);

  useEffect(() => {
    if (message) {
      messageRef.current?.focus();
    }
  }, [message]);

  /** Runs an action; answers every outcome (the new detail, a conflict, a refusal, "not found"). */
  async function run(action: ReferralAction, request: () => Promise<ApiResult<ReferralDetail>>): Promise<ApiProblem | null> {
    setBusy(action);
    setMessage(null);
    const result = await request();
    setBusy(null);
    if (result.ok) {
      show(result.data);
      setConfirmingClose(false);
      setRedirecting(false);
      setMessage({ tone: 'success', text: m.referrals.done[action] });
      return null;
    }
    const { problem } = result;
    if (problem.status === 404) {
      setView({ kind: 'notFound' });
    } else if (problem.status === 409) {
      // An illegal transition, or someone was faster: say so and show what is true now.
      setConfirmingClose(false);
      setRedirecting(false);
      setMessage({
        tone: 'error',
        text: problem.state ? m.referrals.conflict(m.referrals.states[problem.state]) : m.referrals.conflictNoState,
      });
      await load();
    } else if (problem.status === 403) {
      setMessage({ tone: 'error', text: m.referrals.forbidden });
      await load();
    } else if (problem.status === 400 && Object.keys(problem.errors ?? {}).length > 0) {
      // The form shows the field errors.
    } else {
      setMessage({ tone: 'error', text: problem.title ? `${m.referrals.failed} (${problem.title})` : m.referrals.failed });
    }
    return problem;
  }

  if (view.kind === 'notFound') {
    return (
      <section className="panel referral-missing" aria-labelledby="referral-title">
        <h1 id="referral-title" ref={heading} tabIndex={-1}>
          {m.referrals.detail.notFoundTitle}
        </h1>
        <p>{m.referrals.detail.notFoundText}</p>
        <p>
          <a href={href('referrals')}>{m.referrals.detail.back}</a>
        </p>
      </section>
    );
  }
  if (view.kind !== 'ready') {
    return (
      <section className="panel referral-detail">
        <p className="back-link">
          <a href={href('referrals')}>← {m.referrals.detail.back}</a>
        </p>
        {view.kind === 'failed' ? (
          <div role="alert" className="inbox__error">
            <p>{m.referrals.detail.loadFailed}</p>
            <button type="button" className="button button--small" onClick={() => void load()}>
              {m.referrals.retry}
            </button>
          </div>
        ) : (
          <p>{m.referrals.detail.loading}</p>
        )}
      </section>
    );
  }

  const { detail } = view;
  const card = detail.referral;
  const allowed = new Set(detail.allowedActions);
  const canAct = detail.allowedActions.some((action) => action !== 'AddNote');

  return (
    <article className="referral-detail" aria-labelledby="referral-title">
      <p className="back-link">
        <a href={href('referrals')}>← {m.referrals.detail.back}</a>
      </p>
      <header className="referral-detail__header">
        <h1 id="referral-title" ref={heading} tabIndex={-1}>
          <span className="referral-reference" data-testid="referral-reference">
            {card.reference}
          </span>{' '}
          · {card.serviceName}
        </h1>
        <StateBadge state={card.state} />
      </header>

      <div ref={messageRef} tabIndex={-1} className="referral-message-slot">
        {message ? (
          <p className={`referral-message referral-message--${message.tone}`} role={message.tone === 'error' ? 'alert' : 'status'}>
            {message.text}
          </p>
        ) : null}
      </div>

      <div className="referral-detail__grid">
        <div className="referral-detail__main">
          <CardFacts detail={detail} taxonomy={taxonomy} />

          <section className="panel" aria-labelledby="routing-title">
            <h2 id="routing-title">{m.referrals.detail.routing}</h2>
            <p className="referral-reason">{detail.routingReason}</p>
            <h3 className="referral-subtitle">{m.referrals.detail.transfer}</h3>
            {detail.purpose || detail.legalBasis ? (
              <dl className="facts">
                {detail.purpose ? (
                  <div>
                    <dt>{m.referrals.detail.purpose}</dt>
                    <dd>{detail.purpose.label}</dd>
                  </div>
                ) : null}
                {detail.legalBasis ? (
                  <div>
                    <dt>{m.referrals.detail.legalBasis}</dt>
                    <dd>{detail.legalBasis.label}</dd>
                  </div>
                ) : null}
              </dl>
            ) : (
              <p className="referral-muted">{m.referrals.detail.noTransfer}</p>
            )}
          </section>

          <section className="panel" aria-labelledby="situation-title">
            <h2 id="situation-title">{m.referrals.detail.situation}</h2>
            <p className="referral-muted referral-snapshot">
              {m.referrals.detail.asSent}{' '}
              <time dateTime={detail.snapshotAt}>{formatDateTime(detail.snapshotAt, language)}</time>
            </p>
            {detail.detailsShared && detail.situation ? (
              <Situation situation={detail.situation} taxonomy={taxonomy} />
            ) : (
              <div className="referral-withheld" role="note">
                <p className="referral-withheld__title">{m.referrals.detail.withheldTitle}</p>
                <p>{m.referrals.detail.withheld}</p>
              </div>
            )}
          </section>
        </div>

        <div className="referral-detail__side">
          <section className="panel" aria-labelledby="actions-title">
            <h2 id="actions-title">{m.referrals.detail.actions}</h2>
            {canAct ? (
              <div className="referral-actions">
                {moveActions
                  .filter((action) => allowed.has(action))
                  .map((action) =>
                    action === 'Close' ? (
                      <button
                        key={action}
                        type="button"
                        className="button button--danger"
                        disabled={busy !== null}
                        aria-expanded={confirmingClose}
                        onClick={() => setConfirmingClose(true)}
                      >
                        {m.referrals.actions.Close}
                      </button>
                    ) : (
                      <button
                        key={action}
                        type="button"
                        className="button button--primary"
                        disabled={busy !== null}
                        onClick={() => void run(action, () => moveReferral(card.id, action))}
                      >
                        {busy === action ? m.referrals.working : m.referrals.actions[action]}
                      </button>
                    ),
                  )}
                {allowed.has('Redirect') ? (
                  <button
                    type="button"
                    className="button"
                    disabled={busy !== null}
                    aria-expanded={redirecting}
                    onClick={() => setRedirecting(true)}
                  >
                    {m.referrals.actions.Redirect}
                  </button>
                ) : null}
              </div>
            ) : (
              <p className="referral-muted">{m.referrals.detail.noActions}</p>
            )}
            {confirmingClose && allowed.has('Close') ? (
              <div className="referral-confirm" role="group" aria-label={m.referrals.actions.Close}>
                <p>{m.referrals.closeConfirm}</p>
                <div className="field">
                  <label htmlFor="closing-reason">{m.referrals.closingReason}</label>
                  <select
                    id="closing-reason"
                    value={closing.reason}
                    aria-invalid={closing.missing}
                    onChange={(event) => setClosing({ ...closing, reason: event.target.value as ClosingReason | '', missing: false })}
                  >
                    <option value="">{m.referrals.redirect.chooseOption}</option>
                    {closingReasons.map((reason) => (
                      <option key={reason} value={reason}>
                        {m.referrals.closingReasons[reason]}
                      </option>
                    ))}
                  </select>
                  {closing.missing ? <p className="field__error">{m.referrals.closingRequired}</p> : null}
                </div>
                {closing.reason === 'Other' ? (
                  <div className="field">
                    <label htmlFor="closing-other">{m.referrals.closingOther}</label>
                    <input id="closing-other" value={closing.other} onChange={(event) => setClosing({ ...closing, other: event.target.value })} />
                  </div>
                ) : null}
                {closing.reason === 'Moved' ? (
                  <div className="field">
                    <label htmlFor="closing-moved">{m.referrals.closingMovedTo}</label>
                    <input id="closing-moved" value={closing.movedTo} onChange={(event) => setClosing({ ...closing, movedTo: event.target.value })} />
                  </div>
                ) : null}
                <div className="referral-actions">
                  <button
                    type="button"
                    className="button button--danger"
                    disabled={busy !== null}
                    onClick={() => {
                      if (closing.reason === '') {
                        setClosing({ ...closing, missing: true });
                        return;
                      }
                      const reason = closing.reason;
                      void run('Close', () =>
                        closeReferral(card.id, {
                          reason,
                          other: reason === 'Other' ? closing.other.trim() : null,
                          movedToDepartement: reason === 'Moved' && closing.movedTo.trim() !== '' ? closing.movedTo.trim() : null,
                        }),
                      );
                    }}
                  >
                    {busy === 'Close' ? m.referrals.working : m.referrals.closeConfirmButton}
                  </button>
                  <button type="button" className="button" onClick={() => setConfirmingClose(false)}>
                    {m.referrals.cancel}
                  </button>
                </div>
              </div>
            ) : null}
            {redirecting && allowed.has('Redirect') ? (
              <RedirectForm
                detail={detail}
                busy={busy === 'Redirect'}
                onCancel={() => setRedirecting(false)}
                onSubmit={(request) => run('Redirect', request)}
              />
            ) : null}
          </section>

          <History history={detail.history} />
          <Notes detail={detail} canAdd={allowed.has('AddNote')} busy={busy === 'AddNote'} run={run} />
        </div>
      </div>
    </article>
  );
}

function CardFacts({ detail, taxonomy }: { detail: ReferralDetail; taxonomy: Taxonomy | null }) {
  const { m, language } = useI18n();
  const now = useNow();
  const card = detail.referral;
  const overdue = card.overdue || (card.state === 'Sent' && Date.parse(card.acknowledgeBy) <= now);
  return (
    <section className="panel" aria-labelledby="card-title">
      <h2 id="card-title">{m.referrals.detail.card}</h2>
      <dl className="facts referral-facts">
        <div>
          <dt>{m.referrals.columns.from}</dt>
          <dd>{card.senderName}</dd>
        </div>
        <div>
          <dt>{m.referrals.detail.kind}</dt>
          <dd>{m.referrals.kinds[card.serviceKind]}</dd>
        </div>
        <div>
          <dt>{m.referrals.columns.next}</dt>
          <dd data-testid="referral-next">{nextStepText(card, m)}</dd>
        </div>
        <div>
          <dt>{m.referrals.detail.place}</dt>
          <dd>{placeText(card, m)}</dd>
        </div>
        <div>
          <dt>{m.referrals.detail.urgency}</dt>
          <dd>
            <UrgencyText card={card} taxonomy={taxonomy} />
          </dd>
        </div>
        <div>
          <dt>{m.referrals.detail.state}</dt>
          <dd data-testid="referral-state">{m.referrals.states[card.state]}</dd>
        </div>
        <div>
          <dt>{m.referrals.detail.sentAt}</dt>
          <dd>
            <time dateTime={card.sentAt}>{formatDateTime(card.sentAt, language)}</time>
          </dd>
        </div>
        <div>
          <dt>{m.referrals.detail.deadline}</dt>
          <dd>
            <time dateTime={card.acknowledgeBy}>{formatDateTime(card.acknowledgeBy, language)}</time>
            {card.state === 'Sent' ? (
              <>
                {' '}
                <Deadline card={card} now={now} overdue={overdue} />
              </>
            ) : null}
          </dd>
        </div>
        {card.dutyContact ? (
          <div>
            <dt>{m.referrals.detail.dutyContact}</dt>
            <dd lang="fr">{card.dutyContact}</dd>
          </div>
        ) : null}
        {card.previousReferralId ? (
          <div>
            <dt>{m.referrals.detail.previous}</dt>
            <dd>
              <a href={href('referrals', card.previousReferralId)}>{m.referrals.detail.open}</a>
            </dd>
          </div>
        ) : null}
        {card.redirectedToId ? (
          <div>
            <dt>{m.referrals.detail.redirectedTo}</dt>
            <dd>
              <a href={href('referrals', card.redirectedToId)}>{m.referrals.detail.open}</a>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function Situation({ situation, taxonomy }: { situation: ReferralSituation; taxonomy: Taxonomy | null }) {
  const { m } = useI18n();
  const label = useLabel();
  const concerned = [
    situation.age !== null ? m.referrals.detail.age(situation.age) : null,
    situation.ageBand !== null ? m.people.ageBands[situation.ageBand] : null,
    situation.minor === true ? m.referrals.detail.minor : situation.minor === false ? m.referrals.detail.adult : null,
  ].filter((part): part is string => part !== null);
  return (
    <dl className="facts referral-situation">
      {situation.callerRelation ? (
        <div>
          <dt>{m.referrals.detail.callerRelation}</dt>
          <dd>{m.people.relations[situation.callerRelation]}</dd>
        </div>
      ) : null}
      {concerned.length > 0 ? (
        <div>
          <dt>{m.referrals.detail.concerned}</dt>
          <dd>{concerned.join(' · ')}</dd>
        </div>
      ) : null}
      <div>
        <dt>{m.referrals.detail.signs}</dt>
        <dd>
          {situation.warningSigns.length === 0 ? (
            m.referrals.detail.noSigns
          ) : (
            <ul className="referral-signs">
              {situation.warningSigns.map((sign) => (
                <li key={sign}>{label(taxonomy?.signs.find((s) => s.id === sign)?.label, sign)}</li>
              ))}
            </ul>
          )}
          <span className="referral-muted referral-taxonomy">{m.referrals.detail.taxonomy(situation.taxonomyVersion)}</span>
        </dd>
      </div>
      <div>
        <dt>{m.referrals.detail.summary}</dt>
        <dd className="referral-text">{situation.summary ?? m.referrals.detail.noSummary}</dd>
      </div>
    </dl>
  );
}

function History({ history }: { history: ReferralHistoryEntry[] }) {
  const { m, language } = useI18n();
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">{m.referrals.detail.history}</h2>
      <ol className="timeline">
        {history.map((entry, index) => (
          <li key={`${entry.at}-${index}`} className="timeline__entry">
            <time dateTime={entry.at} className="timeline__time">
              {formatDateTime(entry.at, language)}
            </time>
            <p className="timeline__what">
              {entry.from === null
                ? entry.relatedReferralId
                  ? m.referrals.detail.sentByRedirect
                  : m.referrals.detail.sent
                : m.referrals.detail.transition(m.referrals.states[entry.from], m.referrals.states[entry.to])}
              {entry.by ? <span className="timeline__by"> {m.referrals.detail.by(entry.by)}</span> : null}
            </p>
            {entry.reason ? <blockquote className="timeline__reason referral-text">{entry.reason}</blockquote> : null}
            {entry.relatedReferralId ? (
              <a href={href('referrals', entry.relatedReferralId)}>{m.referrals.detail.related}</a>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Notes({
  detail,
  canAdd,
  busy,
  run,
}: {
  detail: ReferralDetail;
  canAdd: boolean;
  busy: boolean;
  run: (action: ReferralAction, request: () => Promise<ApiResult<ReferralDetail>>) => Promise<ApiProblem | null>;
}) {
  const { m, language } = useI18n();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '') {
      setError(m.referrals.redirect.required);
      return;
    }
    setError(null);
    const problem = await run('AddNote', () => addReferralNote(detail.referral.id, text));
    if (problem === null) {
      setText('');
    } else if (problem.errors?.text) {
      setError(problem.errors.text.join(' '));
    }
  }

  return (
    <section className="panel" aria-labelledby="notes-title">
      <h2 id="notes-title">{m.referrals.detail.notes}</h2>
      {detail.notes.length === 0 ? (
        <p className="referral-muted">{m.referrals.detail.noNotes}</p>
      ) : (
        <ol className="referral-notes">
          {detail.notes.map((note) => (
            <li key={note.id} className="referral-note">
              <p className="referral-note__meta">
                <span className="referral-note__author">{note.author}</span> ·{' '}
                <time dateTime={note.at}>{formatDateTime(note.at, language)}</time>
              </p>
              <p className="referral-text">{note.text}</p>
            </li>
          ))}
        </ol>
      )}
      {canAdd ? (
        <form className="referral-note-form" onSubmit={(event) => void submit(event)} noValidate>
          <div className="field">
            <label htmlFor="referral-note">{m.referrals.detail.noteLabel}</label>
            <textarea
              id="referral-note"
              value={text}
              rows={3}
              maxLength={10_000}
              aria-invalid={error !== null}
              aria-describedby={error ? 'referral-note-hint referral-note-error' : 'referral-note-hint'}
              onChange={(event) => setText(event.target.value)}
            />
            <span id="referral-note-hint" className="field__hint">
              {m.referrals.detail.noteHint}
            </span>
            {error ? (
              <span id="referral-note-error" className="field__error">
                {error}
              </span>
            ) : null}
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? m.referrals.working : m.referrals.detail.addNote}
          </button>
        </form>
      ) : null}
    </section>
  );
}
