import { useEffect, useEffectEvent, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useConsole } from '../realtime';
import { getTaxonomy, type Taxonomy } from './referralApi';

/**
 * Calls back each time the hub is in sync again (after its snapshot: groups joined), whether on
 * the first connection or after a drop. Referral events have no replay, so whoever shows referrals
 * reloads them then.
 */
export function useOnHubSynced(callback: () => void): void {
  const { store } = useConsole();
  const onSynced = useEffectEvent(callback);
  useEffect(() => {
    let previous = store.getState().sync;
    return store.subscribe(() => {
      const current = store.getState().sync;
      if (current === 'live' && previous !== 'live') {
        onSynced();
      }
      previous = current;
    });
  }, [store]);
}

let taxonomyRequest: Promise<Taxonomy | null> | null = null;

/** The urgency levels and warning signs with their labels (loaded once per page; null until then or if it failed). */
export function useTaxonomy(): Taxonomy | null {
  const [taxonomy, setTaxonomy] = useState<Taxonomy | null>(null);
  useEffect(() => {
    let active = true;
    taxonomyRequest ??= getTaxonomy().then((result) => (result.ok ? result.data : null));
    void taxonomyRequest.then((value) => {
      if (value === null) {
        taxonomyRequest = null; // try again next time
      }
      if (active) {
        setTaxonomy(value);
      }
    });
    return () => {
      active = false;
    };
  }, []);
  return taxonomy;
}

/** A label of the taxonomy in the current language (French, then the id, when missing). */
export function useLabel(): (label: Record<string, string> | undefined, fallback: string) => string {
  const { language } = useI18n();
  return (label, fallback) => label?.[language] ?? label?.fr ?? fallback;
}
