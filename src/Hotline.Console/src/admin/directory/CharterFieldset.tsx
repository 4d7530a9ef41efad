import { useId } from 'react';
import { Field, FieldErrors } from '../fields';
import type { DirectoryMessages } from './messages';
import type { CharterForm } from './serviceForm';

/**
 * A commune cell's charter (préfet, maire, procureur): without one in force the cell receives nothing;
 * with one, whether the national line may send to it directly and for which purposes.
 */
export function CharterFieldset({
  charter,
  errors,
  onChange,
  t,
}: {
  charter: CharterForm;
  errors: string[] | undefined;
  onChange: (charter: CharterForm) => void;
  t: DirectoryMessages;
}) {
  const change = (patch: Partial<CharterForm>) => onChange({ ...charter, ...patch });
  return (
    <fieldset>
      <legend>{t.form.charter}</legend>
      <p className="field__hint">{t.form.charterHint}</p>
      {errors ? (
        <div role="alert">
          <FieldErrors id="charter-errors" errors={errors} />
        </div>
      ) : null}
      <CheckField label={t.form.charterSigned} checked={charter.signed} onChange={(signed) => change({ signed })} />
      {charter.signed ? (
        <div className="admin-form__grid">
          <Field label={t.form.charterSignedOn}>
            {(props) => <input {...props} type="date" value={charter.signedOn} onChange={(e) => change({ signedOn: e.target.value })} />}
          </Field>
          <Field label={t.form.charterReviewOn}>
            {(props) => <input {...props} type="date" value={charter.reviewOn} onChange={(e) => change({ reviewOn: e.target.value })} />}
          </Field>
          <Field label={t.form.charterPrefect}>
            {(props) => <input {...props} value={charter.prefect} onChange={(e) => change({ prefect: e.target.value })} />}
          </Field>
          <Field label={t.form.charterMayor}>
            {(props) => <input {...props} value={charter.mayor} onChange={(e) => change({ mayor: e.target.value })} />}
          </Field>
          <Field label={t.form.charterProsecutor}>
            {(props) => <input {...props} value={charter.prosecutor} onChange={(e) => change({ prosecutor: e.target.value })} />}
          </Field>
          <Field label={t.form.charterPurposes} hint={t.form.charterPurposesHint}>
            {(props) => <input {...props} value={charter.purposes} onChange={(e) => change({ purposes: e.target.value })} />}
          </Field>
          <CheckField label={t.form.charterDirect} checked={charter.direct} onChange={(direct) => change({ direct })} />
          <p className="field__hint">{t.form.charterDirectHint}</p>
        </div>
      ) : null}
    </fieldset>
  );
}

export function CheckField({ label, checked, onChange }: { label: string; checked: boolean; onChange: (value: boolean) => void }) {
  const id = useId();
  return (
    <div className="field field--check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
