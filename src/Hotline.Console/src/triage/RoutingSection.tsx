import { useCallback, useEffect, useId, useLayoutEffect, useReducer, useRef, useState } from 'react';
import type { Guid } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import {
  getRouting,
  previewReferral,
  recallReferral,
  type ProblemErrors,
  type ReferralReceipt,
  type RoutingView,
  sendReferral,
  type Taxonomy,
  type TransferChoice,
  type TriageOutcome,
} from './api';
import type { SaveStatus } from './autosave';
import { isReferral, serverErrorText } from './form';
import { canSend, initialRoutingState, offered, routingReducer, type RoutingState } from './routing';
import { FieldError } from './FieldError';
import { formatDateTime } from '../referrals';
import { SendPreviewDialog } from './SendPreviewDialog';

/**
 * The referral part of the triage: the routing decision with its reason (always for the saved triage),
 * the purpose and legal basis a commune cell requires, Send, and the receipt.
 */
export function RoutingSection({
  callId,
  referral,
  saveStatus,
  revision,
  consent,
  flush,
  unsaved,
  taxonomy = null,
}: {
  callId: Guid;
  /** For the preview's labels (urgency, signs). */
  taxonomy?: Taxonomy | null;
  /** The outcome in the form. */
  referral: TriageOutcome | '';
  saveStatus: SaveStatus;
  /** The saved triage's revision (null before the first save). */
  revision: number | null;
  /** The consent as saved. */
  consent: boolean;
  flush: () => Promise<void>;
  unsaved: () => boolean;
}) {
  const { m } = useI18n();
  const [state, dispatch] = useReducer(routingReducer, initialRoutingState);
  // send() reads the state again after awaiting the autosave: the last committed one.
  const stateRef = useRef<RoutingState>(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  });
  const [purpose, setPurpose] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const requestRef = useRef(0);
  const loadedRevision = useRef<number | null>(null);
  const titleId = useId();

  const load = useCallback(() => {
    const id = ++requestRef.current;
    dispatch({ type: 'load' });
    void getRouting(callId).then((result) => {
      if (id === requestRef.current) {
        dispatch(result.ok ? { type: 'loaded', routing: result.data } : { type: 'loadFailed' });
      }
    });
  }, [callId]);

  const refer = isReferral(referral);
  // The decision follows the saved triage: shown only when what is on screen is saved.
  const settled = saveStatus === 'saved' || saveStatus === 'clean';
  useEffect(() => {
    if (!refer) {
      loadedRevision.current = null;
      dispatch({ type: 'hide' });
    } else if (!settled || revision === null) {
      loadedRevision.current = null;
      dispatch({ type: 'stale' });
    } else if (loadedRevision.current !== revision) {
      loadedRevision.current = revision;
      load();
    }
  }, [refer, settled, revision, load]);

  /** The request the counsellor is about to confirm: the service shown, and the basis chosen for it. */
  function requestFor(routing: RoutingView) {
    const basis = routing.requiresTransferBasis;
    const chosen = offered(routing, purpose, legalBasis);
    return {
      // The service the counsellor saw: if routing now says otherwise, the server sends nothing (409).
      serviceId: routing.decision.service!.id,
      purpose: basis ? chosen.purpose : null,
      legalBasis: basis ? chosen.legalBasis : null,
    };
  }

  function answered(problem: { status: number; errors?: ProblemErrors }) {
    if (problem.status === 409) {
      dispatch({ type: 'conflict' });
      loadedRevision.current = revision;
      load();
    } else if (problem.status === 400 && problem.errors) {
      // triage-incomplete names the missing fields; a refused purpose or basis names those.
      dispatch({ type: 'sendInvalid', errors: problem.errors });
    } else {
      dispatch({ type: 'sendFailed' });
    }
  }

  /** Send: first the preview of exactly what goes, then one confirmation naming the service. */
  async function preview() {
    await flush();
    const current = stateRef.current;
    if (unsaved() || current.phase !== 'ready' || current.routing.decision.service === null) {
      return;
    }
    dispatch({ type: 'preview' });
    const result = await previewReferral(callId, requestFor(current.routing));
    if (result.ok) {
      dispatch({ type: 'previewed', preview: result.data });
    } else {
      answered(result.problem);
    }
  }

  async function send() {
    const current = stateRef.current;
    if (current.phase !== 'confirming') {
      return;
    }
    dispatch({ type: 'send' });
    const result = await sendReferral(callId, requestFor(current.routing));
    if (result.ok) {
      dispatch({ type: 'sent', receipt: result.data, created: result.status === 201 });
    } else {
      answered(result.problem);
    }
  }

  if (state.phase === 'hidden') {
    return null;
  }

  return (
    <section className="routing" aria-labelledby={titleId}>
      <h4 id={titleId}>{m.triage.routing.title}</h4>
      {state.phase === 'sent' ? (
        <Receipt
          receipt={state.receipt}
          again={state.again}
          onSendAgain={() => {
            dispatch({ type: 'sendAgain' });
            load();
          }}
        />
      ) : (
        <div aria-live="polite">
          {state.phase === 'waiting' ? (
            <p className="triage__muted">{saveStatus === 'invalid' || saveStatus === 'partial' ? m.triage.routing.saveFirst : m.triage.routing.waiting}</p>
          ) : state.phase === 'loading' ? (
            <p className="triage__muted">{m.triage.routing.loading}</p>
          ) : state.phase === 'unavailable' ? (
            <div role="alert" className="triage__problem">
              <p>{m.triage.routing.unavailable}</p>
              <button type="button" className="button button--small" onClick={load}>
                {m.triage.routing.retry}
              </button>
            </div>
          ) : null}
          {state.phase === 'ready' && state.changedFrom !== null ? (
            <p role="alert" className="routing__changed">
              {m.triage.routing.changed(state.changedFrom)}
            </p>
          ) : null}
          {state.phase === 'confirming' ? (
            <SendPreviewDialog
              preview={state.preview}
              taxonomy={taxonomy}
              onConfirm={() => void send()}
              onCancel={() => dispatch({ type: 'cancel' })}
            />
          ) : null}
          {state.phase === 'ready' || state.phase === 'sending' || state.phase === 'previewing' || state.phase === 'confirming' ? (
            <ReadyDecision
              routing={state.routing}
              sending={state.phase !== 'ready'}
              errors={state.phase === 'ready' ? state.errors : {}}
              failed={state.phase === 'ready' && state.failed}
              consent={consent}
              purpose={offered(state.routing, purpose, legalBasis).purpose}
              legalBasis={offered(state.routing, purpose, legalBasis).legalBasis}
              onPurpose={setPurpose}
              onLegalBasis={setLegalBasis}
              sendable={settled && canSend(state, offered(state.routing, purpose, legalBasis).purpose, offered(state.routing, purpose, legalBasis).legalBasis)}
              onSend={() => void preview()}
            />
          ) : (state.phase === 'waiting' || state.phase === 'loading' || state.phase === 'unavailable') && state.routing ? (
            <div className="routing__stale" aria-hidden="true">
              <Decision routing={state.routing} />
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}

function Decision({ routing }: { routing: RoutingView }) {
  const { m, language } = useI18n();
  const decision = routing.decision;
  return (
    <dl className="routing__decision">
      <div>
        <dt>{m.triage.routing.destination}</dt>
        <dd>
          {decision.service ? (
            <>
              <strong className="routing__service">{decision.service.name}</strong>{' '}
              <span className="triage__muted">({m.triage.routing.kinds[decision.service.kind]})</span>
            </>
          ) : (
            m.triage.routing.noService
          )}
        </dd>
      </div>
      <div>
        <dt>{m.triage.routing.reason}</dt>
        <dd>
          {/* The server's explanation, in French, naming the commune, the rule and the service. */}
          <span className="routing__reason" lang="fr">
            {decision.reason}
          </span>
          <span className="routing__gloss">{m.triage.routing.reasons[decision.reasonCode]}</span>
        </dd>
      </div>
      {routing.deadline ? (
        <div>
          <dt>{m.triage.routing.deadline}</dt>
          <dd>
            <time dateTime={routing.deadline.by}>{formatDateTime(routing.deadline.by, language)}</time>
          </dd>
        </div>
      ) : null}
      {routing.deadline?.dutyContact ? (
        <div className="routing__duty" role="note">
          <dt>{m.triage.routing.dutyContact}</dt>
          <dd lang="fr">{routing.deadline.dutyContact}</dd>
        </div>
      ) : null}
      {decision.outcome === 'NationalTeamMustChoose' && decision.service ? (
        <div>
          <dt className="visually-hidden">{m.triage.routing.nationalTeam}</dt>
          <dd className="routing__note">{m.triage.routing.nationalTeam}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function ReadyDecision({
  routing,
  sending,
  errors,
  failed,
  consent,
  purpose,
  legalBasis,
  onPurpose,
  onLegalBasis,
  sendable,
  onSend,
}: {
  routing: RoutingView;
  sending: boolean;
  errors: ProblemErrors;
  failed: boolean;
  consent: boolean;
  purpose: string;
  legalBasis: string;
  onPurpose: (code: string) => void;
  onLegalBasis: (code: string) => void;
  sendable: boolean;
  onSend: () => void;
}) {
  const { m, language } = useI18n();
  const hintId = useId();
  const errorId = useId();
  const service = routing.decision.service;
  const { purpose: purposeErrors = [], legalBasis: legalBasisErrors = [], ...otherErrors } = lowerKeys(errors);
  const other = Object.values(otherErrors).flat();
  const missingBasis = routing.requiresTransferBasis && (purpose === '' || legalBasis === '');
  return (
    <>
      <Decision routing={routing} />
      {routing.requiresTransferBasis ? (
        <div className="routing__basis">
          {service?.kind === 'CommuneCell' ? <p className="routing__warning">{m.triage.routing.communeCellWarning}</p> : null}
          <TransferChoices
            legend={m.triage.routing.purpose}
            choices={routing.purposes}
            value={purpose}
            onChange={onPurpose}
            errors={serverErrorText(purposeErrors.length > 0 ? purposeErrors : undefined, m.triage.routing.purposeError, language)}
            disabled={sending}
          />
          <TransferChoices
            legend={m.triage.routing.legalBasis}
            choices={routing.legalBases}
            value={legalBasis}
            onChange={onLegalBasis}
            errors={serverErrorText(legalBasisErrors.length > 0 ? legalBasisErrors : undefined, m.triage.routing.legalBasisError, language)}
            disabled={sending}
          />
          <p className="triage__muted">{consent ? m.triage.routing.consentGiven : m.triage.routing.consentMissing}</p>
        </div>
      ) : null}
      {other.length > 0 ? (
        <p role="alert" className="triage__error">
          {m.triage.routing.sendInvalid} {other.join(' ')}
        </p>
      ) : null}
      {failed ? (
        <p role="alert" className="triage__error">
          {m.triage.routing.sendFailed}
        </p>
      ) : null}
      {routing.canSend && service ? (
        <div className="routing__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={!sendable || sending}
            aria-describedby={missingBasis ? `${hintId} ${errorId}` : hintId}
            onClick={onSend}
          >
            {sending ? m.triage.routing.sending : m.triage.routing.send(service.name)}
          </button>
          <p id={hintId} className="field__hint">
            {m.triage.routing.sendHint}
          </p>
          {missingBasis ? (
            <p id={errorId} className="triage__muted">
              {m.triage.routing.needBasis}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

function TransferChoices({
  legend,
  choices,
  value,
  onChange,
  errors,
  disabled,
}: {
  legend: string;
  choices: readonly TransferChoice[];
  value: string;
  onChange: (code: string) => void;
  errors: readonly string[];
  disabled: boolean;
}) {
  const name = useId();
  const errorId = useId();
  return (
    <fieldset className="triage__group routing__choices" disabled={disabled} aria-describedby={errors.length > 0 ? errorId : undefined}>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.code} className="triage__check">
          <input type="radio" name={name} value={choice.code} checked={value === choice.code} onChange={() => onChange(choice.code)} />
          <span>{choice.label}</span>
        </label>
      ))}
      <FieldError id={errorId} messages={errors} />
    </fieldset>
  );
}

function Receipt({ receipt: sent, again, onSendAgain }: { receipt: ReferralReceipt; again: boolean; onSendAgain: () => void }) {
  const { m, language } = useI18n();
  const [receipt, setReceipt] = useState(sent);
  const [reason, setReason] = useState('');
  const [recallProblem, setRecallProblem] = useState<string | null>(null);
  const reasonId = useId();
  async function recall() {
    const result = await recallReferral(receipt.referral.id, reason);
    if (result.ok) {
      setReceipt(result.data);
      setRecallProblem(null);
    } else {
      setRecallProblem(result.problem.title ?? m.triage.recall.failed);
    }
  }
  const format = (iso: string) =>
    new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
  const card = receipt.referral;
  const feedback = receipt.feedback;
  return (
    <div className="routing__receipt" role="status">
      <p className="routing__sent">{m.triage.receipt.title}</p>
      {again ? <p>{m.triage.receipt.again}</p> : null}
      <dl className="routing__decision">
        <div>
          <dt>{m.triage.receipt.reference}</dt>
          <dd className="referral-reference" data-testid="receipt-reference">
            {card.reference}
          </dd>
        </div>
        <div>
          <dt>{m.triage.receipt.service}</dt>
          <dd>
            <strong>{card.serviceName}</strong> <span className="triage__muted">({m.triage.routing.kinds[card.serviceKind]})</span>
          </dd>
        </div>
        <div>
          <dt>{m.triage.receipt.state}</dt>
          {/* The line's feedback: where the referral stands now, through redirections; never the services' notes. */}
          <dd className="routing__feedback">{m.triage.receipt.states[feedback?.state ?? card.state]}</dd>
        </div>
        {feedback && feedback.referralId !== card.id ? (
          <div>
            <dt>{m.triage.receipt.nowWith}</dt>
            <dd>
              {feedback.serviceName} <span className="triage__muted">({feedback.reference})</span>
            </dd>
          </div>
        ) : null}
        {feedback?.closingReason ? (
          <div>
            <dt>{m.referrals.closingReason}</dt>
            <dd className="routing__closing">{m.referrals.closingReasons[feedback.closingReason]}</dd>
          </div>
        ) : null}
        <div>
          <dt>{m.triage.receipt.sentAt}</dt>
          <dd>{format(card.sentAt)}</dd>
        </div>
        <div>
          <dt>{m.triage.receipt.deadline}</dt>
          <dd>
            {format(card.acknowledgeBy)}
            {card.urgent ? ` (${m.triage.receipt.urgent})` : null}
          </dd>
        </div>
        {card.dutyContact ? (
          <div className="routing__duty">
            <dt>{m.triage.receipt.dutyContact}</dt>
            <dd lang="fr">{card.dutyContact}</dd>
          </div>
        ) : null}
        <div>
          <dt>{m.triage.receipt.reason}</dt>
          <dd lang="fr">{receipt.routingReason}</dd>
        </div>
        {receipt.purpose ? (
          <div>
            <dt>{m.triage.receipt.purpose}</dt>
            <dd lang="fr">{receipt.purpose.label}</dd>
          </div>
        ) : null}
        {receipt.legalBasis ? (
          <div>
            <dt>{m.triage.receipt.legalBasis}</dt>
            <dd lang="fr">{receipt.legalBasis.label}</dd>
          </div>
        ) : null}
      </dl>
      <p className="triage__muted">{m.triage.receipt.laterChanges}</p>
      {card.state === 'Sent' ? (
        <form
          className="routing__recall"
          onSubmit={(event) => {
            event.preventDefault();
            void recall();
          }}
        >
          <label htmlFor={reasonId}>{m.triage.recall.reason}</label>
          <input id={reasonId} type="text" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          <button type="submit" className="button button--small" disabled={reason.trim() === ''}>
            {m.triage.recall.button}
          </button>
          <p className="field__hint">{m.triage.recall.hint}</p>
          {recallProblem ? (
            <p role="alert" className="triage__error" lang="fr">
              {recallProblem}
            </p>
          ) : null}
        </form>
      ) : null}
      {card.state === 'Recalled' ? (
        // Withdrawn (sent by mistake): the corrected triage is sent again as a new referral.
        <button type="button" className="button button--small" onClick={onSendAgain}>
          {m.triage.recall.sendAgain}
        </button>
      ) : null}
    </div>
  );
}

/** ProblemDetails keys may come camelCased or not ("purpose", "Purpose"). */
function lowerKeys(errors: ProblemErrors): Record<string, string[]> {
  const lowered: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(errors)) {
    const name = key.charAt(0).toLowerCase() + key.slice(1);
    lowered[name] = [...(lowered[name] ?? []), ...messages];
  }
  return lowered;
}
