import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
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
  putTriage,
  type Taxonomy,
  triageOutcomes,
  type TriageView,
} from './api';
import { type AutosaveState, Autosaver } from './autosave';
import {
  changedFields,
  type FieldErrors,
  fieldErrors,
  formFromView,
  localErrors,
  needsEmergencyConfirmation,
  impliesImmediateDanger,
  otherCommune,
  refusedFields,
  sameForm,
  serverErrorText,
  toggleSign,
  toRequest,
  type TriageField,
  type TriageForm,
  withAge,
  withBand,
  withOutcome,
  withoutFields,
} from './form';
import { clearDraft, loadDraft, sessionDraftStorage, storeDraft } from './draft';
import { CommuneSearchField } from './CommuneSearchField';
import { FieldError } from './FieldError';
import { RoutingSection } from './RoutingSection';
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
  // What this tab typed and the server did not have yet (a reload, a refused field): it wins over the server's copy.
  const [draft] = useState(() => loadDraft(sessionDraftStorage(), callId));
  const [form, setForm] = useState<TriageForm>(() => draft?.form ?? formFromView(initial));
  const formRef = useRef(form);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<AutosaveState<TriageView>>({ status: 'clean', saved: null, errors: {} });
  const [view, setView] = useState<TriageView>(initial);
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const revisionRef = useRef(initial.revision);
  const saverRef = useRef<Autosaver<TriageForm, TriageView> | null>(null);

  useEffect(() => {
    const saver = new Autosaver<TriageForm, TriageView>({
      save: (value, keepalive) => putTriage(callId, toRequest(value), keepalive),
      refusedIn: (saved) => refusedFields(saved.problems),
      onState: (state) => {
        setSave(state);
        if (state.status === 'invalid' || state.status === 'partial') {
          setServerErrors(fieldErrors(state.errors));
        } else if (state.status === 'saved') {
          setServerErrors({});
        }
      },
      onSaved: (saved, value) => {
        // The server has everything typed so far: the local draft is no longer needed.
        if (Object.keys(saved.problems).length === 0 && sameForm(value, formRef.current)) {
          clearDraft(sessionDraftStorage(), callId);
        }
        // The server keeps one triage per call and the last save wins; a revision that jumped means
        // someone else (another tab, a supervisor) saved in between, and this save replaced it.
        if (saved.revision > revisionRef.current + 1) {
          setChangedElsewhere(true);
        }
        revisionRef.current = saved.revision;
        setView(saved);
      },
    });
    saverRef.current = saver;
    if (draft !== null && !sameForm(draft.form, formFromView(initial))) {
      // Typed before a reload and not (all) on the server: send it again.
      saver.change(draft.form);
    }
    const hidden = () => {
      if (document.visibilityState === 'hidden') {
        void saver.flush(true);
      }
    };
    const leaving = () => void saver.flush(true);
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', leaving);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', leaving);
      // Closing the panel (wrap-up over, another call) saves what was typed; the page stays, no keepalive needed.
      void saver.flush();
      saver.dispose();
      saverRef.current = null;
    };
    // The draft and first view are this editor's initial state (it is keyed by call).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [callId]);

  const update = useCallback((next: TriageForm) => {
    const touched = changedFields(formRef.current, next);
    formRef.current = next;
    storeDraft(sessionDraftStorage(), callId, { form: next, revision: revisionRef.current });
    setForm(next);
    setServerErrors((errors) => withoutFields(errors, touched));
    saverRef.current?.change(next);
  }, [callId]);

  const flush = useCallback(() => saverRef.current?.flush() ?? Promise.resolve(), []);
  const unsaved = () => saverRef.current?.unsaved ?? false;

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
        <SaveIndicator state={save} view={view} onRetry={() => void saverRef.current?.retry()} />
      </div>
      {view.callEnded ? <p className="triage__muted">{m.triage.save.ended(formatDateTime(view.callReceivedAt, language))}</p> : null}
      {changedElsewhere ? (
        <p className="triage__note" role="status">
          {m.triage.save.changedElsewhere}
        </p>
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
                <span>{m.triage.outcome.outcomes[outcome]}</span>
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

/** The commune (a candidate of the IVR postal code, another INSEE code, or unknown with a département). */
function CommuneFields({
  form,
  view,
  update,
  errors,
}: {
  form: TriageForm;
  view: TriageView;
  update: (change: Partial<TriageForm>) => void;
  errors: { commune: string[]; departement: string[] };
}) {
  const { m } = useI18n();
  const selectId = useId();
  const hintId = useId();
  const departementId = useId();
  const departementHintId = useId();
  const errorId = useId();
  const departementErrorId = useId();
  const choices = view.communeChoices;
  const hint =
    view.callPostalCode === null || choices.length === 0
      ? null
      : choices.length > 1
        ? m.triage.concerned.communeHintSeveral(view.callPostalCode, choices.length)
        : m.triage.concerned.communeHintChoices(view.callPostalCode);
  const saved = view.concerned;
  const several = choices.length > 1;
  return (
    <div className="triage__row">
      <div className="field triage__field--wide">
        <label htmlFor={selectId}>{m.triage.concerned.commune}</label>
        {hint ? (
          <p id={hintId} className="field__hint">
            {hint}
          </p>
        ) : null}
        <select
          id={selectId}
          value={form.commune}
          onChange={(e) => update({ commune: e.target.value })}
          aria-invalid={errors.commune.length > 0 ? true : undefined}
          aria-describedby={[hint ? hintId : null, errors.commune.length > 0 ? errorId : null].filter(Boolean).join(' ') || undefined}
        >
          {/* Several communes for the postal code: none is guessed, the counsellor asks and chooses. */}
          {several ? <option value="">{m.triage.concerned.communeNotChosen}</option> : null}
          {choices.map((choice) => (
            <option key={choice.code} value={choice.code}>
              {m.triage.concerned.communeOption(choice.name, choice.departementName, choice.departementCode)}
            </option>
          ))}
          <option value={otherCommune}>{m.triage.concerned.communeOther}</option>
          {several ? null : <option value="">{m.triage.concerned.communeUnknown}</option>}
        </select>
        <FieldError id={errorId} messages={errors.commune} />
        {form.commune === otherCommune && saved.communeName && saved.departementName && saved.departementCode ? (
          <p className="triage__muted">{m.triage.concerned.resolved(saved.communeName, saved.departementName, saved.departementCode)}</p>
        ) : null}
      </div>
      {form.commune === otherCommune ? (
        <CommuneSearchField
          chosen={form.otherCommuneCode}
          onChoose={(code) => update({ otherCommuneCode: code })}
          invalid={errors.commune.length > 0}
        />
      ) : null}
      {form.commune === '' ? (
        <div className="field">
          <label htmlFor={departementId}>{m.triage.concerned.departement}</label>
          <p id={departementHintId} className="field__hint">
            {m.triage.concerned.departementHint}
          </p>
          <input
            id={departementId}
            type="text"
            autoComplete="off"
            maxLength={3}
            className="triage__code"
            value={form.departementCode}
            onChange={(e) => update({ departementCode: e.target.value })}
            aria-invalid={errors.departement.length > 0 ? true : undefined}
            aria-describedby={[departementHintId, errors.departement.length > 0 ? departementErrorId : null].filter(Boolean).join(' ')}
          />
          <FieldError id={departementErrorId} messages={errors.departement} />
        </div>
      ) : null}
    </div>
  );
}

/** Saved / saving / failed, discreetly; a failure offers to retry and is announced. */
function SaveIndicator({ state, view, onRetry }: { state: AutosaveState<TriageView>; view: TriageView; onRetry: () => void }) {
  const { m, language } = useI18n();
  const savedAt =
    view.updatedAt !== null
      ? new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
          new Date(view.updatedAt),
        )
      : null;
  const refused = Object.keys(fieldErrors(state.errors)) as TriageField[];
  const text =
    state.status === 'partial'
      ? m.triage.save.savedExcept(refused.map((field) => m.triage.fieldNames[field]))
      : state.status === 'saved' || (state.status === 'clean' && view.saved)
      ? savedAt
        ? m.triage.save.savedAt(savedAt)
        : m.triage.save.states.saved
      : m.triage.save.states[state.status];
  const problem = state.status === 'failed' || state.status === 'invalid' || state.status === 'partial';
  return (
    <div className={`triage__save triage__save--${state.status}`} data-save-status={state.status}>
      {/* Only problems are announced: "saving…" every few seconds would drown a screen reader. */}
      <span role={problem ? 'alert' : undefined}>{text}</span>
      {state.status === 'failed' ? (
        <>
          <span className="visually-hidden">{m.triage.save.retrying}</span>
          <button type="button" className="button button--small" onClick={onRetry}>
            {m.triage.save.retry}
          </button>
        </>
      ) : null}
    </div>
  );
}

/** Stable ids for the form's labels, hints and errors. */
function useIds() {
  const base = useId();
  return useMemo(
    () => ({
      relation: `${base}-relation`,
      age: `${base}-age`,
      band: `${base}-band`,
      minor: `${base}-minor`,
      signsHint: `${base}-signs-hint`,
      urgencyName: `${base}-urgency`,
      summary: `${base}-summary`,
      summaryHint: `${base}-summary-hint`,
      outcomeName: `${base}-outcome`,
      emergencyName: `${base}-emergency`,
      emergencyHint: `${base}-emergency-hint`,
      dangerHint: `${base}-danger-hint`,
      consentHint: `${base}-consent-hint`,
      error: (field: TriageField) => `${base}-error-${field}`,
    }),
    [base],
  );
}

