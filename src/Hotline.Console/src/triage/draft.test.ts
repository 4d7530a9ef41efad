import { describe, expect, it } from 'vitest';
import { clearAllDrafts, clearDraft, type DraftStorage, draftKey, loadDraft, storeDraft } from './draft';
import type { TriageForm } from './form';

class MemoryStorage implements DraftStorage {
  readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const typed: TriageForm = {
  callerRelation: 'Mother',
  age: '250',
  ageBand: '',
  minor: '',
  commune: '13017',
  otherCommuneCode: '',
  departementCode: '',
  warningSigns: ['withdrawal'],
  urgency: 'concern',
  summary: 'Il ne sort plus de sa chambre',
  communeCellConsent: false,
  outcome: '',
  emergencyServices: '',
  immediateDanger: false,
};

describe('triage draft', () => {
  it('keeps what was typed per call, refused age included, until cleared', () => {
    const storage = new MemoryStorage();
    storeDraft(storage, 'call-1', { form: typed, revision: 3 });

    expect(loadDraft(storage, 'call-1')).toEqual({ form: typed, revision: 3 });
    expect(loadDraft(storage, 'call-2')).toBeNull();

    clearDraft(storage, 'call-1');
    expect(loadDraft(storage, 'call-1')).toBeNull();
  });

  it('ignores a draft it cannot trust (older shape, broken JSON) and survives a storage that throws', () => {
    const storage = new MemoryStorage();
    storage.setItem(draftKey('call-1'), '{"form":{"age":16},"revision":1}');
    storage.setItem(draftKey('call-2'), 'not json');
    expect(loadDraft(storage, 'call-1')).toBeNull();
    expect(loadDraft(storage, 'call-2')).toBeNull();

    const full: DraftStorage = {
      length: 0,
      key: () => null,
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
    };
    expect(() => storeDraft(full, 'call-1', { form: typed, revision: 0 })).not.toThrow();
    expect(loadDraft(full, 'call-1')).toBeNull();
    expect(loadDraft(null, 'call-1')).toBeNull();
  });

  it('clears every call’s draft at sign-out and leaves what is not a draft', () => {
    const storage = new MemoryStorage();
    storeDraft(storage, 'call-1', { form: typed, revision: 1 });
    storeDraft(storage, 'call-2', { form: { ...typed, summary: 'Autre famille' }, revision: 0, base: typed });
    storage.setItem('other.setting', 'kept');

    clearAllDrafts(storage);

    expect(loadDraft(storage, 'call-1')).toBeNull();
    expect(loadDraft(storage, 'call-2')).toBeNull();
    expect([...storage.items.keys()]).toEqual(['other.setting']);
  });

  it('keeps the base the form started from, to merge with a later save', () => {
    const storage = new MemoryStorage();
    storeDraft(storage, 'call-1', { form: typed, revision: 3, base: { ...typed, summary: '' } });
    expect(loadDraft(storage, 'call-1')?.base?.summary).toBe('');
    expect(loadDraft(storage, 'call-1')?.revision).toBe(3);
  });
});
