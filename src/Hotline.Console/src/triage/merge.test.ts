import { describe, expect, it } from 'vitest';
import type { TriageForm } from './form';
import { mergeForms, resolveConflicts } from './merge';

const base: TriageForm = {
  callerRelation: 'Mother',
  age: '16',
  ageBand: 'From16To17',
  minor: 'yes',
  commune: '13108',
  otherCommuneCode: '',
  departementCode: '',
  warningSigns: ['withdrawal'],
  urgency: 'concern',
  summary: 'Il ne sort plus',
  communeCellConsent: false,
  outcome: '',
  immediateDanger: false,
  emergencyServices: '',
};

describe('merging with a triage saved elsewhere', () => {
  it('keeps both sides when they changed different fields', () => {
    const mine = { ...base, summary: 'Il ne sort plus de sa chambre' };
    const theirs = { ...base, urgency: 'serious-concern', warningSigns: ['withdrawal', 'friends-break'] };
    const { merged, conflicts } = mergeForms(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.summary).toBe('Il ne sort plus de sa chambre');
    expect(merged.urgency).toBe('serious-concern');
    expect(merged.warningSigns).toEqual(['withdrawal', 'friends-break']);
  });

  it('asks only about a field both changed differently', () => {
    const mine = { ...base, summary: 'Version de cet onglet', callerRelation: 'Father' as const };
    const theirs = { ...base, summary: 'Version de l’autre onglet', outcome: 'AdviceGiven' as const };
    const { merged, conflicts } = mergeForms(base, mine, theirs);
    expect(conflicts).toEqual(['summary']);
    expect(merged.summary).toBe('Version de cet onglet');
    expect(merged.callerRelation).toBe('Father');
    expect(merged.outcome).toBe('AdviceGiven');
    expect(resolveConflicts(merged, theirs, ['summary']).summary).toBe('Version de l’autre onglet');
    expect(resolveConflicts(merged, theirs, []).summary).toBe('Version de cet onglet');
  });

  it('the same change on both sides, or signs in another order, is no conflict', () => {
    const mine = { ...base, urgency: 'urgent', warningSigns: ['friends-break', 'withdrawal'] };
    const theirs = { ...base, urgency: 'urgent', warningSigns: ['withdrawal', 'friends-break'] };
    expect(mergeForms(base, mine, theirs).conflicts).toEqual([]);
  });

  it('an age goes with its band and "minor"; a commune with its département', () => {
    const mine = { ...base, age: '17', ageBand: 'From16To17' as const, minor: 'yes' as const };
    const theirs = { ...base, ageBand: 'From13To15' as const, minor: 'yes' as const, commune: '', departementCode: '84' };
    const { merged, conflicts } = mergeForms(base, mine, theirs);
    expect(conflicts).toEqual(['age']);
    expect(merged.commune).toBe('');
    expect(merged.departementCode).toBe('84');
  });

  it('a refused input kept in the form (age 250) survives a merge the other side did not touch', () => {
    const mine = { ...base, age: '250' };
    const theirs = { ...base, summary: 'Complété par la superviseure' };
    const { merged, conflicts } = mergeForms(base, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(merged.age).toBe('250');
    expect(merged.summary).toBe('Complété par la superviseure');
  });
});
