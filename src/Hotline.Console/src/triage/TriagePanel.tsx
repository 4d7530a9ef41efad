import { useEffect, useId, useMemo, useState } from 'react';
import type { Guid } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../referrals';
import {
  type AgeBand,
  ageBands,
  type CallerRelation,
  callerRelations,
  emergencyConfirmations,
  getTaxonomy,
  getTriage,
  labelIn,
  type Taxonomy,
  triageOutcomes,
  type TriageView,
} from './api';
import {
  type FieldErrors,
  localErrors,
  needsEmergencyConfirmation,
  impliesImmediateDanger,
  serverErrorText,
  toggleSign,
  type TriageField,
  type TriageForm,
  withAge,
  withBand,
  withOutcome,
} from './form';
import { CommuneFields } from './CommuneFields';
import { ConflictDialog } from './ConflictDialog';
import { FieldError } from './FieldError';
import { AdviceLine, Destination, useRoutingAdvice } from './RoutingAdvice';
import { RoutingSection } from './RoutingSection';
import { SaveIndicator, useIds } from './SaveIndicator';
import { useTriageEditing } from './useTriageEditing';
import './triage.css';

type Loaded = { kind: 'loading' } | { kind: 'failed'; status: number | null } | { kind: 'ready'; view: TriageView; taxonomy: Taxonomy };

/**
 * The triage of a call: loads the saved triage (or the server's prefilled draft) and the taxonomy,
 * then the form, autosaved as the counsellor types. Works during the call, in wrap-up and afterwards.
 */
export function TriagePanel({ callId, heading = 'h3' }: { callId: Guid; heading?: 'h2' | 'h3' }) {
  const { m } = useI18n();
  const [attempt, setAttempt] = useState(0);
  const titleId = useId();
  // What is shown is the answer to one request (this call, this attempt); until it answers, it is loading.
  const request = `${callId}|${attempt}`;
  const [answer, setAnswer] = useState<{ request: string; loaded: Loaded } | null>(null);
  const loaded: Loaded = answer?.request === request ? answer.loaded : { kind: 'loading' };

  useEffect(() => {
    let cancelled = false;
    void Promise.all([getTriage(callId), getTaxonomy()]).then(([triage, taxonomy]) => {
      if (cancelled) {
        return;
      }
      setAnswer({
        request,
        loaded:
          triage.ok && taxonomy.ok
            ? { kind: 'ready', view: triage.data, taxonomy: taxonomy.data }
            : { kind: 'failed', status: triage.ok ? null : triage.problem.status || null },
      });
    });
    return () => {
      cancelled = true;
    };
  }, [callId, request]);

  const Heading = heading;
  return (
    <section className="triage" aria-labelledby={titleId}>
      {loaded.kind === 'ready' ? (
        <TriageEditor key={callId} initial={loaded.view} taxonomy={loaded.taxonomy} titleId={titleId} heading={heading} />
      ) : (
        <>
          <div className="triage__header">
            <Heading id={titleId}>{m.triage.title}</Heading>
          </div>
          {loaded.kind === 'loading' ? (
            <p className="triage__muted">{m.triage.loading}</p>
          ) : (
            <div role="alert" className="triage__problem">
              <p>
                {loaded.status === 403 ? m.triage.past.forbidden : loaded.status === 404 ? m.triage.past.notFound : m.triage.loadFailed}
              </p>
              {loaded.status !== 403 && loaded.status !== 404 ? (
                <button type="button" className="button button--small" onClick={() => setAttempt((n) => n + 1)}>
                  {m.triage.reload}
                </button>
              ) : null}
            </div>
          )}
        </>
      )}
    </section>
  );
}

function TriageEditor({
  initial,
  taxonomy,
  titleId,
  heading,
}: {
  initial: TriageView;
  taxonomy: Taxonomy;
  titleId: string;
  heading: 'h2' | 'h3';
}) {
  const { m, language } = useI18n();
  const callId = initial.callId;
  const { form, formRef, update, view, save, serverErrors, conflict, resolve, mergedNotice, flush, unsaved, retry } = useTriageEditing(initial);

  const advice = useRoutingAdvice(
    { communeCode: view.concerned.communeCode, departementCode: view.concerned.departementCode, postalCode: view.callPostalCode },
    view.concerned.minor === true,
  );
  const local: FieldErrors = useMemo(() => localErrors(form), [form]);
  const errors: FieldErrors = useMemo(() => ({ ...serverErrors, ...local }), [serverErrors, local]);
  const ids = useIds();
  const Heading = heading;
  const emergency = needsEmergencyConfirmation(form, taxonomy);
  const dangerImplied = impliesImmediateDanger(form, taxonomy);
  const label = (labels: Record<string, string>, id: string) => labelIn(labels, language, id);
  // The form's own checks use the field's text; the server's specific messages show in French (serverErrorText).
  const errorText = (field: TriageField) =>
    field === 'form'
      ? (errors.form ?? [])
      : local[field] !== undefined
        ? [m.triage.errors[field]]
        : serverErrorText(serverErrors[field], m.triage.errors[field], language);
  const invalid = (field: TriageField) => (errors[field] ? true : undefined);
  const describedBy = (field: TriageField, ...others: string[]) =>
    [...others, errors[field] ? ids.error(field) : null].filter((id) => id !== null).join(' ') || undefined;

  return (
    <>
      <div className="triage__header">
        <Heading id={titleId}>{m.triage.title}</Heading>
        <SaveIndicator state={save} view={view} onRetry={retry} />
      </div>
      {view.callEnded ? <p className="triage__muted">{m.triage.save.ended(formatDateTime(view.callReceivedAt, language))}</p> : null}
      {mergedNotice ? (
        <p className="triage__note" role="status">
          {m.triage.conflict.merged}
        </p>
      ) : null}
      {conflict ? (
        <ConflictDialog conflicts={conflict.conflicts} mine={conflict.mine} theirs={conflict.theirs} view={view} taxonomy={taxonomy} onResolve={resolve} />
      ) : null}
      <FieldError id={ids.error('form')} messages={errorText('form')} />

      <form
        className="triage__form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void flush();
        }}
        // Leaving a field saves at once (focusout bubbles in React).
        onBlur={() => void flush()}
      >
        <fieldset className="triage__group">
          <legend>{m.triage.caller.legend}</legend>
          <div className="triage__row">
            <div className="field triage__field--wide">
              <label htmlFor={ids.relation}>{m.triage.caller.relation}</label>
              <select
                id={ids.relation}
                value={form.callerRelation}
                onChange={(e) => update({ ...formRef.current, callerRelation: e.target.value as CallerRelation | '' })}
                aria-invalid={invalid('callerRelation')}
                aria-describedby={describedBy('callerRelation')}
              >
                <option value="">{m.triage.choose}</option>
                {callerRelations.map((relation) => (
                  <option key={relation} value={relation}>
                    {m.people.relations[relation]}
                  </option>
                ))}
              </select>
              <FieldError id={ids.error('callerRelation')} messages={errorText('callerRelation')} />
            </div>
          </div>
        </fieldset>

        <fieldset className="triage__group">
          <legend>{m.triage.concerned.legend}</legend>
          <div className="triage__row">
            <div className="field triage__field--age">
              <label htmlFor={ids.age}>{m.triage.concerned.age}</label>
              <span className="triage__with-unit">
                <input
                  id={ids.age}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={3}
                  value={form.age}
                  onChange={(e) => update(withAge(formRef.current, e.target.value))}
                  aria-invalid={invalid('age')}
                  aria-describedby={describedBy('age')}
                />
                <span aria-hidden="true">{m.triage.concerned.ageUnit}</span>
              </span>
              <FieldError id={ids.error('age')} messages={errorText('age')} />
            </div>
            <div className="field">
              <label htmlFor={ids.band}>{m.triage.concerned.ageBand}</label>
              <select
                id={ids.band}
                value={form.ageBand}
                onChange={(e) => update(withBand(formRef.current, e.target.value as AgeBand | ''))}
                aria-invalid={invalid('ageBand')}
                aria-describedby={describedBy('ageBand')}
              >
                <option value="">{m.triage.notSaid}</option>
                {ageBands.map((band) => (
                  <option key={band} value={band}>
                    {m.people.ageBands[band]}
                  </option>
                ))}
              </select>
              <FieldError id={ids.error('ageBand')} messages={errorText('ageBand')} />
            </div>
            <div className="field">
              <label htmlFor={ids.minor}>{m.triage.concerned.minor}</label>
              <select
                id={ids.minor}
                value={form.minor}
                onChange={(e) => update({ ...formRef.current, minor: e.target.value as TriageForm['minor'] })}
                aria-invalid={invalid('minor')}
                aria-describedby={describedBy('minor')}
              >
                <option value="">{m.triage.notSaid}</option>
                <option value="yes">{m.triage.concerned.yes}</option>
                <option value="no">{m.triage.concerned.no}</option>
              </select>
              <FieldError id={ids.error('minor')} messages={errorText('minor')} />
            </div>
          </div>
          <CommuneFields
            form={form}
            view={view}
            update={(change) => update({ ...formRef.current, ...change })}
            errors={{ commune: errorText('commune'), departement: errorText('departement') }}
          />
        </fieldset>

        <fieldset className="triage__group" aria-describedby={describedBy('warningSigns', ids.signsHint)}>
          <legend>
            {m.triage.signs.legend} <span className="triage__version">{m.triage.taxonomyVersion(taxonomy.version)}</span>
          </legend>
          <p id={ids.signsHint} className="field__hint">
            {m.triage.signs.hint}
          </p>
          <ul className="triage__signs">
            {taxonomy.signs.map((sign) => (
              <li key={sign.id}>
                <label className="triage__check">
                  <input
                    type="checkbox"
                    checked={form.warningSigns.includes(sign.id)}
                    onChange={(e) => update(toggleSign(formRef.current, sign.id, e.target.checked))}
                  />
                  <span>{label(sign.label, sign.id)}</span>
                </label>
              </li>
            ))}
          </ul>
          <p className="triage__muted triage__count">{m.triage.signs.count(form.warningSigns.length)}</p>
          <FieldError id={ids.error('warningSigns')} messages={errorText('warningSigns')} />
        </fieldset>

        <fieldset className="triage__group" aria-describedby={describedBy('urgency')}>
          <legend>{m.triage.urgency.legend}</legend>
          <div className="triage__scale">
            {taxonomy.urgency.map((level) => (
              <label key={level.id} className={`triage__level${level.immediateDanger ? ' triage__level--danger' : level.urgent ? ' triage__level--urgent' : ''}`}>
                <input
                  type="radio"
                  name={ids.urgencyName}
                  value={level.id}
                  checked={form.urgency === level.id}
                  onChange={() => update({ ...formRef.current, urgency: level.id })}
                />
                <span>{label(level.label, level.id)}</span>
              </label>
            ))}
          </div>
          <FieldError id={ids.error('urgency')} messages={errorText('urgency')} />
        </fieldset>

        <div className="field triage__summary">
          <label htmlFor={ids.summary}>{m.triage.summary.label}</label>
          <p id={ids.summaryHint} className="field__hint">
            {m.triage.summary.hint}
          </p>
          <textarea
            id={ids.summary}
            rows={5}
            value={form.summary}
            onChange={(e) => update({ ...formRef.current, summary: e.target.value })}
            aria-invalid={invalid('summary')}
            aria-describedby={describedBy('summary', ids.summaryHint)}
          />
          <FieldError id={ids.error('summary')} messages={errorText('summary')} />
        </div>

        <fieldset className="triage__group" aria-describedby={describedBy('outcome')}>
          <legend>{m.triage.outcome.legend}</legend>
          {advice ? <AdviceLine advice={advice} /> : null}
          <div className="triage__outcomes">
            {/* Immediate danger is a flag now (below), not an outcome: the former outcome shows only on a triage that has it. */}
            {triageOutcomes.filter((outcome) => outcome !== 'ImmediateDanger' || form.outcome === outcome).map((outcome) => (
              <label key={outcome} className={`triage__check${outcome === 'ImmediateDanger' ? ' triage__check--danger' : ''}`}>
                <input
                  type="radio"
                  name={ids.outcomeName}
                  value={outcome}
                  checked={form.outcome === outcome}
                  onChange={() => update(withOutcome(formRef.current, outcome, taxonomy))}
                />
                <span>
                  {m.triage.outcome.outcomes[outcome]}
                  <Destination advice={advice} outcome={outcome} />
                </span>
              </label>
            ))}
          </div>
          <FieldError id={ids.error('outcome')} messages={errorText('outcome')} />
        </fieldset>

        <div className="field triage__danger">
          <label className="triage__check triage__check--danger">
            <input
              type="checkbox"
              checked={form.immediateDanger || dangerImplied}
              disabled={dangerImplied}
              onChange={(e) => update({ ...formRef.current, immediateDanger: e.target.checked })}
              aria-describedby={ids.dangerHint}
            />
            <span>{m.triage.danger.label}</span>
          </label>
          <p id={ids.dangerHint} className="field__hint">
            {m.triage.danger.hint}
          </p>
        </div>

        {emergency ? (
          <fieldset
            className={`triage__group triage__emergency${errors.emergencyServices ? ' triage__emergency--missing' : ''}`}
            aria-describedby={describedBy('emergencyServices', ids.emergencyHint)}
          >
            <legend>{m.triage.emergency.legend}</legend>
            <p id={ids.emergencyHint} className="field__hint">
              {m.triage.emergency.hint}
            </p>
            {emergencyConfirmations.map((option) => (
              <label key={option} className="triage__check">
                <input
                  type="radio"
                  name={ids.emergencyName}
                  value={option}
                  checked={form.emergencyServices === option}
                  onChange={() => update({ ...formRef.current, emergencyServices: option })}
                />
                <span>{m.triage.emergency.options[option]}</span>
              </label>
            ))}
            <FieldError id={ids.error('emergencyServices')} messages={errorText('emergencyServices')} />
          </fieldset>
        ) : null}

        {form.outcome === 'ReferToCommuneCell' || form.communeCellConsent ? (
          <div className="field triage__consent">
            <label className="triage__check">
              <input
                type="checkbox"
                checked={form.communeCellConsent}
                onChange={(e) => update({ ...formRef.current, communeCellConsent: e.target.checked })}
                aria-describedby={ids.consentHint}
              />
              <span>{m.triage.consent.label}</span>
            </label>
            <p id={ids.consentHint} className="field__hint">
              {m.triage.consent.hint}
            </p>
            <FieldError id={ids.error('communeCellConsent')} messages={errorText('communeCellConsent')} />
          </div>
        ) : null}
      </form>

      <RoutingSection
        callId={callId}
        referral={form.outcome}
        saveStatus={save.status}
        revision={view.saved ? view.revision : null}
        consent={view.communeCellConsent}
        flush={flush}
        unsaved={unsaved}
        taxonomy={taxonomy}
      />
    </>
  );
}
