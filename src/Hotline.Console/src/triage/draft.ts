// The local draft of a call's triage: what the counsellor typed, kept in this tab's sessionStorage until the
// server has all of it, so nothing typed is lost to a reload, a refused field or a dropped connection.
// sessionStorage lives with the tab only (closed tab, draft gone) and is never sent anywhere.

import type { TriageForm } from './form';

/** The part of the Storage interface a draft needs (sessionStorage in the browser, a Map in tests). */
export interface DraftStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TriageDraft {
  form: TriageForm;
  /** The server revision the form was last based on (0 before the first save). */
  revision: number;
  /** That revision's values: what the form is merged against if someone saved in between (absent in older drafts). */
  base?: TriageForm;
}

const prefix = 'hotline.triage-draft.';

export function draftKey(callId: string): string {
  return prefix + callId;
}

export function loadDraft(storage: DraftStorage | null, callId: string): TriageDraft | null {
  const text = safely(() => storage?.getItem(draftKey(callId)) ?? null, null);
  if (text === null) {
    return null;
  }
  try {
    const draft = JSON.parse(text) as Partial<TriageDraft>;
    if (!isForm(draft.form) || typeof draft.revision !== 'number') {
      return null;
    }
    return isForm(draft.base) ? { form: draft.form, revision: draft.revision, base: draft.base } : { form: draft.form, revision: draft.revision };
  } catch {
    return null;
  }
}

export function storeDraft(storage: DraftStorage | null, callId: string, draft: TriageDraft): void {
  // A full or disabled storage must not stop the counsellor typing: the server save still goes on.
  safely(() => storage?.setItem(draftKey(callId), JSON.stringify(draft)), undefined);
}

export function clearDraft(storage: DraftStorage | null, callId: string): void {
  safely(() => storage?.removeItem(draftKey(callId)), undefined);
}

/**
 * Every call's draft, at sign-out: a draft may hold a summary in clear, and the next person at this screen must not
 * find it. (A session that merely expired keeps them: signing in again re-sends what was typed.)
 */
export function clearAllDrafts(storage: DraftStorage | null): void {
  safely(() => {
    if (storage === null) {
      return;
    }
    const keys: string[] = [];
    for (let index = 0; index < storage.length; index++) {
      const key = storage.key(index);
      if (key?.startsWith(prefix)) {
        keys.push(key);
      }
    }
    keys.forEach((key) => storage.removeItem(key));
  }, undefined);
}

/** This tab's sessionStorage, or null where the browser refuses it (privacy settings). */
export function sessionDraftStorage(): DraftStorage | null {
  return safely(() => window.sessionStorage, null);
}

function safely<T>(action: () => T, fallback: T): T {
  try {
    return action();
  } catch {
    return fallback;
  }
}

const textFields = [
  'callerRelation',
  'age',
  'ageBand',
  'minor',
  'commune',
  'otherCommuneCode',
  'departementCode',
  'urgency',
  'summary',
  'outcome',
  'emergencyServices',
] as const;

/** A stored draft from an older console version (other fields) is ignored rather than trusted. */
function isForm(value: unknown): value is TriageForm {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const form = value as Record<string, unknown>;
  return (
    textFields.every((field) => typeof form[field] === 'string') &&
    Array.isArray(form.warningSigns) &&
    form.warningSigns.every((sign) => typeof sign === 'string') &&
    typeof form.communeCellConsent === 'boolean'
  );
}
