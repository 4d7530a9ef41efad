// A small typed i18n: catalogues are plain objects (fr.ts is the reference shape), components read
// them through useI18n(). The language is persisted in localStorage and mirrored on <html lang>.

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en } from './en';
import { fr, type Messages } from './fr';

export type Language = 'fr' | 'en';
export const languages: readonly Language[] = ['fr', 'en'];
export const catalogues: Record<Language, Messages> = { fr, en };

const storageKey = 'hotline.language';

export function storedLanguage(): Language {
  try {
    const stored = globalThis.localStorage?.getItem(storageKey);
    return stored === 'en' || stored === 'fr' ? stored : 'fr';
  } catch {
    return 'fr';
  }
}

interface I18n {
  language: Language;
  m: Messages;
  setLanguage: (language: Language) => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(storageKey, next);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const value = useMemo(() => ({ language, m: catalogues[language], setLanguage }), [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (i18n === null) {
    throw new Error('useI18n outside I18nProvider');
  }
  return i18n;
}
