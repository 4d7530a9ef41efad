// The triage editor's state and its synchronisation with the server: autosave (with the revision the form started
// from), the tab's draft, and merging with what someone else saved meanwhile — told by a stale save (409) or by the
// hub (TriageChanged) — so that fields the counsellor did not touch follow the other side and only true conflicts
// are asked about.

import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { ConsoleContext } from '../realtime';
import { getTriage, putTriage, type TriageView } from './api';
import { type AutosaveState, Autosaver } from './autosave';
import { clearDraft, loadDraft, sessionDraftStorage, storeDraft } from './draft';
import { changedFields, type FieldErrors, fieldErrors, formFromView, refusedFields, sameForm, toRequest, type TriageForm, withoutFields } from './form';
import { type MergePart, mergeForms, resolveConflicts } from './merge';

export interface TriageConflict {
  conflicts: MergePart[];
  mine: TriageForm;
  theirs: TriageForm;
}

export function useTriageEditing(initial: TriageView) {
  const callId = initial.callId;
  const connection = useContext(ConsoleContext)?.connection ?? null;
  // What this tab typed and the server did not have yet (a reload, a refused field): it wins over the server's copy.
  const [draft] = useState(() => loadDraft(sessionDraftStorage(), callId));
  const [form, setForm] = useState<TriageForm>(() => draft?.form ?? formFromView(initial));
  const formRef = useRef(form);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<AutosaveState<TriageView>>({ status: 'clean', saved: null, errors: {} });
  const [view, setView] = useState<TriageView>(initial);
  const [conflict, setConflict] = useState<TriageConflict | null>(null);
  const [mergedNotice, setMergedNotice] = useState(false);
  // The revision the form is based on and that revision's values: a save states it, a merge is made against it.
  // A draft keeps its own (someone may have saved since it was typed): the first save then merges.
  const revisionRef = useRef(draft?.base ? draft.revision : initial.revision);
  const baseRef = useRef<TriageForm>(draft?.base ?? formFromView(initial));
  const saverRef = useRef<Autosaver<TriageForm, TriageView> | null>(null);

  const keepDraft = useCallback(
    (next: TriageForm) => storeDraft(sessionDraftStorage(), callId, { form: next, revision: revisionRef.current, base: baseRef.current }),
    [callId],
  );

  const update = useCallback(
    (next: TriageForm) => {
      const touched = changedFields(formRef.current, next);
      formRef.current = next;
      keepDraft(next);
      setForm(next);
      setServerErrors((errors) => withoutFields(errors, touched));
      saverRef.current?.change(next);
    },
    [keepDraft],
  );

  /** Someone saved {@link theirsView}: take their changes where this form has none, ask where both changed. */
  const reconcile = useCallback(
    (theirsView: TriageView) => {
      const theirs = formFromView(theirsView);
      const { merged, conflicts } = mergeForms(baseRef.current, formRef.current, theirs);
      revisionRef.current = theirsView.revision;
      baseRef.current = theirs;
      setView(theirsView);
      if (conflicts.length > 0) {
        formRef.current = merged;
        setForm(merged);
        keepDraft(merged);
        setConflict({ conflicts, mine: merged, theirs });
      } else if (sameForm(merged, theirs) && merged.age === theirs.age) {
        // Nothing of this tab's is missing from theirs: shown as it is, nothing to save.
        formRef.current = merged;
        setForm(merged);
        clearDraft(sessionDraftStorage(), callId);
        setSave((state) => (state.status === 'conflict' ? { ...state, status: 'saved', saved: theirsView } : state));
      } else {
        setMergedNotice(true);
        update(merged);
      }
    },
    [callId, keepDraft, update],
  );

  const resolve = useCallback(
    (takeTheirs: MergePart[]) => {
      const current = conflict;
      setConflict(null);
      if (current !== null) {
        update(resolveConflicts(formRef.current, current.theirs, takeTheirs));
      }
    },
    [conflict, update],
  );

  useEffect(() => {
    const saver = new Autosaver<TriageForm, TriageView>({
      save: (value, keepalive) => putTriage(callId, toRequest(value, revisionRef.current), keepalive),
      refusedIn: (saved) => refusedFields(saved.problems),
      onState: (state) => {
        setSave(state);
        if (state.status === 'invalid' || state.status === 'partial') {
          setServerErrors(fieldErrors(state.errors));
        } else if (state.status === 'saved') {
          setServerErrors({});
        }
      },
      onSaved: (saved, value) => {
        // The server has everything typed so far: the local draft is no longer needed.
        if (Object.keys(saved.problems).length === 0 && sameForm(value, formRef.current)) {
          clearDraft(sessionDraftStorage(), callId);
        }
        revisionRef.current = saved.revision;
        baseRef.current = formFromView(saved);
        setView(saved);
      },
      onStale: (problem) => {
        const current = (problem as { currentTriage?: TriageView | null }).currentTriage;
        if (current) {
          reconcile(current);
        } else {
          // Not the triage's own conflict (e.g. an unknown call state): read it again and merge with that.
          void getTriage(callId).then((result) => result.ok && reconcile(result.data));
        }
      },
    });
    saverRef.current = saver;
    if (draft !== null && !sameForm(draft.form, formFromView(initial))) {
      // Typed before a reload and not (all) on the server: send it again.
      saver.change(draft.form);
    }
    const hidden = () => {
      if (document.visibilityState === 'hidden') {
        void saver.flush(true);
      }
    };
    const leaving = () => void saver.flush(true);
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', leaving);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', leaving);
      // Closing the panel (wrap-up over, another call) saves what was typed; the page stays, no keepalive needed.
      void saver.flush();
      saver.dispose();
      saverRef.current = null;
    };
    // The draft and first view are this editor's initial state (it is keyed by call).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [callId]);

  // Another tab or a supervisor saved: reload and merge, unless this tab's own save is on its way (it will meet the
  // new revision and merge then).
  useEffect(() => {
    if (connection === null) {
      return;
    }
    return connection.onTriageChanged((changedCallId, revision) => {
      if (changedCallId !== callId || revision <= revisionRef.current || (saverRef.current?.unsaved ?? true)) {
        return;
      }
      void getTriage(callId).then((result) => {
        if (result.ok && result.data.revision > revisionRef.current && !(saverRef.current?.unsaved ?? true)) {
          reconcile(result.data);
        }
      });
    });
  }, [connection, callId, reconcile]);

  const flush = useCallback(() => saverRef.current?.flush() ?? Promise.resolve(), []);
  const unsaved = useCallback(() => saverRef.current?.unsaved ?? false, []);
  const retry = useCallback(() => void saverRef.current?.retry(), []);

  return { form, formRef, update, view, save, serverErrors, conflict, resolve, mergedNotice, flush, unsaved, retry };
}
