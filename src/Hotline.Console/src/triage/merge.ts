// Merging the form with a triage someone else saved meanwhile (another tab, a supervisor): a three-way merge
// against the version this form started from. A part only this side changed keeps this side's value, a part only
// the other side changed takes theirs, and only a part both changed differently is a conflict the counsellor
// settles ("Votre version / l'autre version"). Pure, so every rule is tested offline.

import type { TriageForm } from './form';

/** The parts of the form merged as a whole (an age goes with its band and "minor", a commune with its département). */
export type MergePart =
  | 'callerRelation'
  | 'age'
  | 'place'
  | 'warningSigns'
  | 'urgency'
  | 'summary'
  | 'communeCellConsent'
  | 'outcome'
  | 'danger';

export const mergeParts: Record<MergePart, readonly (keyof TriageForm)[]> = {
  callerRelation: ['callerRelation'],
  age: ['age', 'ageBand', 'minor'],
  place: ['commune', 'otherCommuneCode', 'departementCode'],
  warningSigns: ['warningSigns'],
  urgency: ['urgency'],
  summary: ['summary'],
  communeCellConsent: ['communeCellConsent'],
  outcome: ['outcome'],
  danger: ['immediateDanger', 'emergencyServices'],
};

export interface MergeResult {
  /** Every part merged; a conflicting part keeps this side's value until the counsellor chooses. */
  merged: TriageForm;
  conflicts: MergePart[];
}

function samePart(a: TriageForm, b: TriageForm, part: MergePart): boolean {
  return mergeParts[part].every((field) => JSON.stringify(comparable(a[field])) === JSON.stringify(comparable(b[field])));
}

/** Signs in any order are the same signs. */
function comparable(value: TriageForm[keyof TriageForm]): unknown {
  return Array.isArray(value) ? [...value].sort() : value;
}

function withPart(target: TriageForm, source: TriageForm, part: MergePart): TriageForm {
  const next: Record<string, unknown> = { ...target };
  for (const field of mergeParts[part]) {
    const value = source[field];
    next[field] = Array.isArray(value) ? [...value] : value;
  }
  return next as unknown as TriageForm;
}

export function mergeForms(base: TriageForm, mine: TriageForm, theirs: TriageForm): MergeResult {
  let merged = { ...mine, warningSigns: [...mine.warningSigns] };
  const conflicts: MergePart[] = [];
  for (const part of Object.keys(mergeParts) as MergePart[]) {
    if (samePart(mine, theirs, part) || samePart(theirs, base, part)) {
      continue; // Same on both sides, or only this side changed it: this side's value stands.
    }
    if (samePart(mine, base, part)) {
      merged = withPart(merged, theirs, part); // Only the other side changed it.
    } else {
      conflicts.push(part);
    }
  }
  return { merged, conflicts };
}

/** The form once the counsellor chose, for each conflicting part, this side's value or the other's. */
export function resolveConflicts(merged: TriageForm, theirs: TriageForm, takeTheirs: readonly MergePart[]): TriageForm {
  return takeTheirs.reduce((form, part) => withPart(form, theirs, part), merged);
}
