// The triage form as the counsellor edits it (strings for inputs, '' for "not said"), and its mapping to
// and from the server's contract. Pure: no React, no fetch, so every rule here is tested offline.

import type {
  AgeBand,
  CallerRelation,
  EmergencyServicesConfirmation,
  ProblemErrors,
  Taxonomy,
  TriageOutcome,
  TriageRequest,
  TriageView,
} from './api';
import type { Language } from '../i18n/i18n';

/** The commune select's value when the commune is not among the call's candidates: an INSEE code is typed. */
export const otherCommune = 'other';

export interface TriageForm {
  callerRelation: CallerRelation | '';
  /** The age input's text (validated before sending). */
  age: string;
  ageBand: AgeBand | '';
  minor: '' | 'yes' | 'no';
  /** A candidate's INSEE code, {@link otherCommune}, or '' for unknown. */
  commune: string;
  /** The INSEE code typed when {@link commune} is {@link otherCommune}. */
  otherCommuneCode: string;
  /** The département, sent only when the commune is unknown. */
  departementCode: string;
  warningSigns: string[];
  urgency: string;
  summary: string;
  communeCellConsent: boolean;
  outcome: TriageOutcome | '';
  /** Immediate danger flagged, whatever the outcome (a referral is then urgent). */
  immediateDanger: boolean;
  emergencyServices: EmergencyServicesConfirmation | '';
}

/** The form's fields, as errors are shown next to them. */
export type TriageField =
  | 'callerRelation'
  | 'age'
  | 'ageBand'
  | 'minor'
  | 'commune'
  | 'departement'
  | 'warningSigns'
  | 'urgency'
  | 'summary'
  | 'communeCellConsent'
  | 'outcome'
  | 'immediateDanger'
  | 'emergencyServices'
  /** Anything the server said that belongs to no field. */
  | 'form';

export type FieldErrors = Partial<Record<TriageField, string[]>>;

export function formFromView(view: TriageView): TriageForm {
  const code = view.concerned.communeCode;
  const listed = code !== null && view.communeChoices.some((choice) => choice.code === code);
  return {
    callerRelation: view.callerRelation ?? '',
    age: view.concerned.age === null ? '' : String(view.concerned.age),
    ageBand: view.concerned.ageBand ?? '',
    minor: view.concerned.minor === null ? '' : view.concerned.minor ? 'yes' : 'no',
    commune: code === null ? '' : listed ? code : otherCommune,
    otherCommuneCode: code !== null && !listed ? code : '',
    departementCode: code === null ? (view.concerned.departementCode ?? '') : '',
    warningSigns: [...view.warningSigns],
    urgency: view.urgency ?? '',
    summary: view.summary ?? '',
    communeCellConsent: view.communeCellConsent,
    outcome: view.outcome ?? '',
    immediateDanger: view.immediateDanger,
    emergencyServices: view.emergencyServices ?? '',
  };
}

/** An age typed in years, or null when the input is empty or not a whole number. */
export function parseAge(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : null;
}

/** The PUT body; {@link revision} is the one the form started from (null: no check, as in comparisons). */
export function toRequest(form: TriageForm, revision: number | null = null): TriageRequest {
  const commune = form.commune === otherCommune ? form.otherCommuneCode.trim() : form.commune;
  return {
    callerRelation: form.callerRelation === '' ? null : form.callerRelation,
    concerned: {
      age: parseAge(form.age),
      ageBand: form.ageBand === '' ? null : form.ageBand,
      minor: form.minor === '' ? null : form.minor === 'yes',
      communeCode: commune === '' ? null : commune,
      // The commune's département follows from it on the server; only an unknown commune sends one.
      departementCode: commune === '' && form.departementCode.trim() !== '' ? form.departementCode.trim().toUpperCase() : null,
    },
    warningSigns: [...form.warningSigns],
    urgency: form.urgency === '' ? null : form.urgency,
    summary: form.summary === '' ? null : form.summary,
    communeCellConsent: form.communeCellConsent,
    outcome: form.outcome === '' ? null : form.outcome,
    immediateDanger: form.immediateDanger,
    emergencyServices: form.emergencyServices === '' ? null : form.emergencyServices,
    revision,
  };
}

/** What the form can tell before the server does (the server stays the judge of everything else). */
export function localErrors(form: TriageForm): FieldErrors {
  return form.age.trim() !== '' && parseAge(form.age) === null ? { age: ['notANumber'] } : {};
}

const serverFields: Record<string, TriageField> = {
  callerrelation: 'callerRelation',
  'concerned.age': 'age',
  'concerned.ageband': 'ageBand',
  'concerned.minor': 'minor',
  'concerned.communecode': 'commune',
  'concerned.departementcode': 'departement',
  warningsigns: 'warningSigns',
  urgency: 'urgency',
  summary: 'summary',
  communecellconsent: 'communeCellConsent',
  outcome: 'outcome',
  immediatedanger: 'immediateDanger',
  emergencyservices: 'emergencyServices',
};

/** ProblemDetails errors ("concerned.age", "$.urgency", "Summary"…) onto the form's fields; the rest go to 'form'. */
export function fieldErrors(errors: ProblemErrors): FieldErrors {
  const mapped: FieldErrors = {};
  for (const [key, messages] of Object.entries(errors)) {
    const field = serverFields[key.replace(/^\$\.?/, '').toLowerCase()] ?? 'form';
    mapped[field] = [...(mapped[field] ?? []), ...messages];
  }
  return mapped;
}

/** The fields a partial save refused (field → message) as ProblemDetails-style errors (field → messages). */
export function refusedFields(problems: Record<string, string> | undefined): ProblemErrors {
  return Object.fromEntries(Object.entries(problems ?? {}).map(([field, message]) => [field, [message]]));
}

/** Two forms hold the same values. */
export function sameForm(a: TriageForm, b: TriageForm): boolean {
  return JSON.stringify(toRequest(a)) === JSON.stringify(toRequest(b)) && a.age === b.age && a.otherCommuneCode === b.otherCommuneCode;
}

/**
 * What to show for a field the server refused. Its messages are French (the product's language) and say
 * exactly what is wrong ("« 13150 » est un code postal… Tarascon 13108"): the French console shows them as
 * they are; the English one shows the field's own text, as it does for the form's own checks.
 */
export function serverErrorText(server: readonly string[] | undefined, generic: string, language: Language): string[] {
  if (server === undefined) {
    return [];
  }
  return language === 'fr' && server.length > 0 ? [...server] : [generic];
}

const bandLimits: Record<AgeBand, [number, number]> = {
  Under13: [0, 12],
  From13To15: [13, 15],
  From16To17: [16, 17],
  From18To21: [18, 21],
  From22To25: [22, 25],
  Over25: [26, 200],
};

export function bandOf(age: number): AgeBand {
  return (Object.keys(bandLimits) as AgeBand[]).find((band) => age >= bandLimits[band][0] && age <= bandLimits[band][1]) ?? 'Over25';
}

export function isMinorBand(band: AgeBand): boolean {
  return bandLimits[band][1] < 18;
}

/** Typing an age fills the band and "minor" to agree with it (the counsellor can still change them). */
export function withAge(form: TriageForm, text: string): TriageForm {
  const age = parseAge(text);
  if (age === null || age > 120) {
    return { ...form, age: text };
  }
  return { ...form, age: text, ageBand: bandOf(age), minor: age < 18 ? 'yes' : 'no' };
}

/** Choosing a band sets "minor" (every band is wholly minor or wholly adult). */
export function withBand(form: TriageForm, band: AgeBand | ''): TriageForm {
  return band === '' ? { ...form, ageBand: '' } : { ...form, ageBand: band, minor: isMinorBand(band) ? 'yes' : 'no' };
}

export function toggleSign(form: TriageForm, id: string, checked: boolean): TriageForm {
  const others = form.warningSigns.filter((sign) => sign !== id);
  return { ...form, warningSigns: checked ? [...others, id] : others };
}

export function isReferral(
  outcome: TriageOutcome | '' | null,
): outcome is 'ReferToDepartementalCell' | 'ReferToCommuneCell' | 'ReferToChildProtection' {
  return outcome === 'ReferToDepartementalCell' || outcome === 'ReferToCommuneCell' || outcome === 'ReferToChildProtection';
}

/** Immediate danger (flagged, the scale's immediate-danger level, or the former outcome) needs the 17/112 confirmation. */
export function needsEmergencyConfirmation(
  form: Pick<TriageForm, 'outcome' | 'urgency'> & Partial<Pick<TriageForm, 'immediateDanger'>>,
  taxonomy: Taxonomy | null,
): boolean {
  return form.immediateDanger === true || impliesImmediateDanger(form, taxonomy);
}

/** The level or the former outcome says immediate danger by itself: the flag is then on and cannot be taken off. */
export function impliesImmediateDanger(form: Pick<TriageForm, 'outcome' | 'urgency'>, taxonomy: Taxonomy | null): boolean {
  return (
    form.outcome === 'ImmediateDanger' ||
    (taxonomy?.urgency.some((level) => level.id === form.urgency && level.immediateDanger) ?? false)
  );
}

/** Choosing the immediate-danger outcome raises the urgency to the scale's immediate-danger level when none is chosen. */
export function withOutcome(form: TriageForm, outcome: TriageOutcome | '', taxonomy: Taxonomy | null): TriageForm {
  const danger = taxonomy?.urgency.find((level) => level.immediateDanger);
  const urgency = outcome === 'ImmediateDanger' && form.urgency === '' && danger ? danger.id : form.urgency;
  return { ...form, outcome, urgency };
}

/** The fields a change touched: their errors are hidden until the next save says otherwise. */
export function changedFields(before: TriageForm, after: TriageForm): TriageField[] {
  const fields: TriageField[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (before.callerRelation !== after.callerRelation) fields.push('callerRelation');
  if (before.age !== after.age) fields.push('age', 'minor', 'ageBand');
  if (before.ageBand !== after.ageBand) fields.push('ageBand', 'minor');
  if (before.minor !== after.minor) fields.push('minor');
  if (before.commune !== after.commune || before.otherCommuneCode !== after.otherCommuneCode) fields.push('commune', 'departement');
  if (before.departementCode !== after.departementCode) fields.push('departement');
  if (!same(before.warningSigns, after.warningSigns)) fields.push('warningSigns');
  if (before.urgency !== after.urgency) fields.push('urgency', 'emergencyServices');
  if (before.summary !== after.summary) fields.push('summary');
  if (before.communeCellConsent !== after.communeCellConsent) fields.push('communeCellConsent');
  if (before.outcome !== after.outcome) fields.push('outcome', 'emergencyServices');
  if (before.immediateDanger !== after.immediateDanger) fields.push('immediateDanger', 'emergencyServices');
  if (before.emergencyServices !== after.emergencyServices) fields.push('emergencyServices');
  return fields;
}

export function withoutFields(errors: FieldErrors, fields: readonly TriageField[]): FieldErrors {
  const kept: FieldErrors = { ...errors };
  for (const field of fields) {
    delete kept[field];
  }
  return kept;
}
