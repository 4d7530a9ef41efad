import { describe, expect, it } from 'vitest';
import type { Taxonomy, TriageView } from './api';
import {
  changedFields,
  fieldErrors,
  formFromView,
  localErrors,
  needsEmergencyConfirmation,
  impliesImmediateDanger,
  otherCommune,
  serverErrorText,
  toggleSign,
  toRequest,
  withAge,
  withBand,
  withOutcome,
  withoutFields,
} from './form';

const taxonomy: Taxonomy = {
  version: '2026-1',
  signs: [
    { id: 'family-break', label: { fr: 'Rupture avec la famille', en: 'Break with the family' } },
    { id: 'withdrawal', label: { fr: 'Repli sur soi', en: 'Withdrawal' } },
  ],
  urgency: [
    { id: 'information', label: { fr: 'Information' }, urgent: false, immediateDanger: false },
    { id: 'concern', label: { fr: 'Inquiétude' }, urgent: false, immediateDanger: false },
    { id: 'immediate-danger', label: { fr: 'Danger immédiat' }, urgent: true, immediateDanger: true },
  ],
};

/** The server's draft for a call with postal code 13150 (three communes, Tarascon prefilled). */
const draft: TriageView = {
  callId: '0190a1b2-0000-7000-8000-000000000001',
  saved: false,
  revision: 0,
  updatedAt: null,
  taxonomyVersion: '2026-1',
  callerRelation: null,
  concerned: {
    age: null,
    ageBand: null,
    minor: null,
    communeCode: '13108',
    communeName: 'Tarascon',
    departementCode: '13',
    departementName: 'Bouches-du-Rhône',
  },
  communeChoices: [
    { code: '13108', name: 'Tarascon', departementCode: '13', departementName: 'Bouches-du-Rhône' },
    { code: '13017', name: 'Boulbon', departementCode: '13', departementName: 'Bouches-du-Rhône' },
    { code: '13061', name: 'Saint-Pierre-de-Mézoargues', departementCode: '13', departementName: 'Bouches-du-Rhône' },
  ],
  callPostalCode: '13150',
  warningSigns: [],
  urgency: null,
  summary: null,
  communeCellConsent: false,
  outcome: null,
  emergencyServices: null,
  callEnded: false,
  immediateDanger: false,
  callReceivedAt: '2026-11-27T09:00:00Z',
  problems: {},
};

describe('triage form', () => {
  it('starts from the server draft: the prefilled commune selected, nothing else said', () => {
    const form = formFromView(draft);
    expect(form.commune).toBe('13108');
    expect(form.otherCommuneCode).toBe('');
    expect(form.departementCode).toBe('');
    expect(form.minor).toBe('');
    expect(toRequest(form)).toEqual({
      callerRelation: null,
      concerned: { age: null, ageBand: null, minor: null, communeCode: '13108', departementCode: null },
      warningSigns: [],
      urgency: null,
      summary: null,
      communeCellConsent: false,
      outcome: null,
      immediateDanger: false,
      emergencyServices: null,
      revision: null,
    });
    expect(toRequest(form, 4).revision).toBe(4);
  });

  it('keeps a saved commune outside the candidates as "other", and an unknown commune with its département', () => {
    const other = formFromView({ ...draft, saved: true, concerned: { ...draft.concerned, communeCode: '13004', communeName: 'Arles' } });
    expect(other.commune).toBe(otherCommune);
    expect(other.otherCommuneCode).toBe('13004');
    expect(toRequest(other).concerned?.communeCode).toBe('13004');

    const unknown = formFromView({ ...draft, concerned: { ...draft.concerned, communeCode: null, communeName: null, departementCode: '84' } });
    expect(unknown.commune).toBe('');
    expect(unknown.departementCode).toBe('84');
    expect(toRequest({ ...unknown, departementCode: ' 2a ' }).concerned).toEqual(
      expect.objectContaining({ communeCode: null, departementCode: '2A' }),
    );
    // With a commune, the département follows from it on the server: none is sent.
    expect(toRequest({ ...unknown, commune: '13108', departementCode: '84' }).concerned?.departementCode).toBeNull();
  });

  it('sends the summary exactly as typed, markup and quotes included', () => {
    const summary = `<script>alert("x")</script> ' OR 1=1; DROP TABLE triages; --`;
    expect(toRequest({ ...formFromView(draft), summary }).summary).toBe(summary);
  });

  it('fills band and minor from the age, and minor from the band', () => {
    const form = formFromView(draft);
    const sixteen = withAge(form, '16');
    expect(sixteen).toEqual(expect.objectContaining({ age: '16', ageBand: 'From16To17', minor: 'yes' }));
    expect(toRequest(sixteen).concerned).toEqual(expect.objectContaining({ age: 16, ageBand: 'From16To17', minor: true }));
    expect(withAge(form, '30')).toEqual(expect.objectContaining({ ageBand: 'Over25', minor: 'no' }));
    expect(withAge(form, '12')).toEqual(expect.objectContaining({ ageBand: 'Under13', minor: 'yes' }));
    // Text that is not an age changes nothing else and is flagged before sending (sent as no age).
    const typo = withAge(sixteen, '1a');
    expect(typo).toEqual(expect.objectContaining({ age: '1a', ageBand: 'From16To17', minor: 'yes' }));
    expect(localErrors(typo)).toEqual({ age: ['notANumber'] });
    expect(toRequest(typo).concerned?.age).toBeNull();
    expect(localErrors(sixteen)).toEqual({});

    expect(withBand(form, 'From22To25').minor).toBe('no');
    expect(withBand(form, 'From13To15').minor).toBe('yes');
    expect(withBand(form, '')).toEqual(expect.objectContaining({ ageBand: '', minor: '' }));
  });

  it('ticks and unticks warning signs without duplicates', () => {
    let form = toggleSign(formFromView(draft), 'withdrawal', true);
    form = toggleSign(form, 'withdrawal', true);
    form = toggleSign(form, 'family-break', true);
    expect(form.warningSigns).toEqual(['withdrawal', 'family-break']);
    expect(toggleSign(form, 'withdrawal', false).warningSigns).toEqual(['family-break']);
  });

  it('asks for the 17/112 confirmation on the immediate-danger outcome or level, and raises the level with the outcome', () => {
    const form = formFromView(draft);
    expect(needsEmergencyConfirmation(form, taxonomy)).toBe(false);
    expect(needsEmergencyConfirmation({ ...form, urgency: 'immediate-danger' }, taxonomy)).toBe(true);
    const danger = withOutcome(form, 'ImmediateDanger', taxonomy);
    expect(danger.urgency).toBe('immediate-danger');
    expect(needsEmergencyConfirmation(danger, taxonomy)).toBe(true);
    // A level already chosen is the counsellor's: kept.
    expect(withOutcome({ ...form, urgency: 'concern' }, 'ImmediateDanger', taxonomy).urgency).toBe('concern');
    expect(withOutcome(form, 'ReferToCommuneCell', taxonomy).urgency).toBe('');
  });

  it('maps the server ProblemDetails keys onto the fields, whatever their casing; the rest to the form', () => {
    expect(
      fieldErrors({
        'concerned.age': ['The age must be between 0 and 120.'],
        'concerned.communeCode': ['"13150" is not an INSEE commune code'],
        'concerned.departementCode': ['x'],
        'concerned.minor': ['"Minor" contradicts the age.'],
        warningSigns: ['Unknown warning signs'],
        Urgency: ['not a level'],
        '$.summary': ['too long'],
        emergencyServices: ['Immediate danger: confirm'],
        '$': ['The JSON value could not be converted.'],
        somethingNew: ['?'],
      }),
    ).toEqual({
      age: ['The age must be between 0 and 120.'],
      commune: ['"13150" is not an INSEE commune code'],
      departement: ['x'],
      minor: ['"Minor" contradicts the age.'],
      warningSigns: ['Unknown warning signs'],
      urgency: ['not a level'],
      summary: ['too long'],
      emergencyServices: ['Immediate danger: confirm'],
      form: ['The JSON value could not be converted.', '?'],
    });
  });

  it('hides the errors of the fields a change touched, and only those', () => {
    const before = formFromView(draft);
    const after = withAge(before, '16');
    const touched = changedFields(before, after);
    expect(touched).toEqual(expect.arrayContaining(['age', 'ageBand', 'minor']));
    expect(touched).not.toContain('summary');
    const errors = { age: ['bad'], minor: ['contradiction'], summary: ['too long'] };
    expect(withoutFields(errors, touched)).toEqual({ summary: ['too long'] });
    expect(changedFields(before, { ...before, outcome: 'ImmediateDanger' })).toEqual(['outcome', 'emergencyServices']);
    expect(changedFields(before, { ...before, immediateDanger: true })).toEqual(['immediateDanger', 'emergencyServices']);
  });

  it('asks the 17/112 confirmation when immediate danger is flagged, whatever the outcome (a referral included)', () => {
    const referral = { ...formFromView(draft), outcome: 'ReferToDepartementalCell' as const, urgency: 'concern' };
    expect(needsEmergencyConfirmation(referral, taxonomy)).toBe(false);
    expect(needsEmergencyConfirmation({ ...referral, immediateDanger: true }, taxonomy)).toBe(true);
    expect(toRequest({ ...referral, immediateDanger: true }).immediateDanger).toBe(true);
    // The immediate-danger level implies it (the checkbox is then on and locked).
    expect(impliesImmediateDanger({ ...referral, urgency: 'immediate-danger' }, taxonomy)).toBe(true);
    expect(impliesImmediateDanger(referral, taxonomy)).toBe(false);
  });
});

describe('serverErrorText', () => {
  const server = ['« 13150 » est un code postal, pas un code INSEE. Codes INSEE des communes qu’il dessert : Tarascon 13108.'];

  it('shows the server’s specific French message in the French console', () => {
    expect(serverErrorText(server, 'Ce n’est pas un code INSEE.', 'fr')).toEqual(server);
  });

  it('shows the field’s own text in the English console', () => {
    expect(serverErrorText(server, 'This is not an INSEE commune code.', 'en')).toEqual(['This is not an INSEE commune code.']);
  });

  it('shows nothing for a field without errors, and the field’s text when the server gave no message', () => {
    expect(serverErrorText(undefined, 'generic', 'fr')).toEqual([]);
    expect(serverErrorText([], 'generic', 'fr')).toEqual(['generic']);
  });
});
