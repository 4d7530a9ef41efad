import { useId } from 'react';
import { useI18n } from '../i18n/i18n';
import type { TriageView } from './api';
import { CommuneSearchField } from './CommuneSearchField';
import { FieldError } from './FieldError';
import { otherCommune, type TriageForm } from './form';

/** The commune (a candidate of the IVR postal code, another INSEE code, or unknown with a département). */
export function CommuneFields({
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
