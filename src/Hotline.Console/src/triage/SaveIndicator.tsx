import { useId, useMemo } from 'react';
import { useI18n } from '../i18n/i18n';
import type { TriageView } from './api';
import type { AutosaveState } from './autosave';
import { fieldErrors, type TriageField } from './form';

/** Saved / saving / failed, discreetly; a failure offers to retry and is announced. */
export function SaveIndicator({ state, view, onRetry }: { state: AutosaveState<TriageView>; view: TriageView; onRetry: () => void }) {
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
export function useIds() {
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
