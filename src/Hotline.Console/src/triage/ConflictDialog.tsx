import { useId, useRef, useState } from 'react';
import { useModalDialog } from '../dialog/useModalDialog';
import { useI18n } from '../i18n/i18n';
import { labelIn, type Taxonomy, type TriageView } from './api';
import { otherCommune, type TriageForm } from './form';
import type { MergePart } from './merge';

/**
 * Only the true conflicts of a merge (both sides changed the same part differently): for each, "Votre version" or
 * "L'autre version", side by side. A native modal: focus starts on the first choice, Tab and the arrow keys move
 * between them, Enter keeps the choices. Escape does not close it: a choice must be made (this side's by default).
 */
export function ConflictDialog({
  conflicts,
  mine,
  theirs,
  view,
  taxonomy,
  onResolve,
}: {
  conflicts: readonly MergePart[];
  mine: TriageForm;
  theirs: TriageForm;
  view: TriageView;
  taxonomy: Taxonomy;
  onResolve: (takeTheirs: MergePart[]) => void;
}) {
  const { m, language } = useI18n();
  const t = m.triage.conflict;
  const ref = useRef<HTMLDialogElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const introId = useId();
  const name = useId();
  const [takeTheirs, setTakeTheirs] = useState<ReadonlySet<MergePart>>(new Set());
  useModalDialog(ref, firstRef);

  const label = (labels: Record<string, string>, id: string) => labelIn(labels, language, id);
  const yesNo = (value: boolean) => (value ? t.yes : t.no);
  const commune = (code: string) => {
    const choice = view.communeChoices.find((c) => c.code === code);
    return choice ? `${choice.name} (${choice.departementCode})` : code;
  };
  function text(part: MergePart, form: TriageForm): string {
    switch (part) {
      case 'callerRelation':
        return form.callerRelation === '' ? '' : m.people.relations[form.callerRelation];
      case 'age':
        return [
          form.age.trim() === '' ? '' : `${form.age.trim()} ${m.triage.concerned.ageUnit}`,
          form.ageBand === '' ? '' : m.people.ageBands[form.ageBand],
          form.minor === '' ? '' : `${m.triage.concerned.minor} : ${form.minor === 'yes' ? t.yes : t.no}`,
        ].filter(Boolean).join(', ');
      case 'place':
        return form.commune === otherCommune
          ? form.otherCommuneCode
          : form.commune !== ''
            ? commune(form.commune)
            : form.departementCode === ''
              ? ''
              : `${m.triage.fieldNames.departement} ${form.departementCode}`;
      case 'warningSigns':
        return form.warningSigns.map((id) => {
          const sign = taxonomy.signs.find((s) => s.id === id);
          return sign ? label(sign.label, id) : id;
        }).join(', ');
      case 'urgency': {
        const level = taxonomy.urgency.find((u) => u.id === form.urgency);
        return level ? label(level.label, level.id) : form.urgency;
      }
      case 'summary':
        return form.summary;
      case 'communeCellConsent':
        return yesNo(form.communeCellConsent);
      case 'outcome':
        return form.outcome === '' ? '' : m.triage.outcome.outcomes[form.outcome];
      case 'danger':
        return form.immediateDanger
          ? [t.yes, form.emergencyServices === '' ? '' : m.triage.emergency.options[form.emergencyServices]].filter(Boolean).join(' — ')
          : t.no;
    }
  }

  const choose = (part: MergePart, theirsChosen: boolean) =>
    setTakeTheirs((current) => {
      const next = new Set(current);
      if (theirsChosen) {
        next.add(part);
      } else {
        next.delete(part);
      }
      return next;
    });

  return (
    <dialog
      ref={ref}
      className="dialog triage-conflict"
      aria-labelledby={titleId}
      aria-describedby={introId}
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id={titleId}>{t.title}</h2>
      <p id={introId}>{t.intro}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onResolve([...takeTheirs]);
        }}
      >
        {conflicts.map((part, index) => (
          <fieldset key={part} className="triage-conflict__part">
            <legend>{t.parts[part]}</legend>
            <div className="triage-conflict__choices">
              {([false, true] as const).map((theirsSide) => (
                <label key={String(theirsSide)} className="triage-conflict__choice">
                  <input
                    ref={index === 0 && !theirsSide ? firstRef : undefined}
                    type="radio"
                    name={`${name}-${part}`}
                    checked={takeTheirs.has(part) === theirsSide}
                    onChange={() => choose(part, theirsSide)}
                  />
                  <strong>{theirsSide ? t.theirs : t.yours}</strong>
                  <span className="triage-conflict__value">{text(part, theirsSide ? theirs : mine) || t.empty}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <div className="dialog__actions">
          <button type="submit" className="button">
            {t.keep}
          </button>
        </div>
      </form>
    </dialog>
  );
}
