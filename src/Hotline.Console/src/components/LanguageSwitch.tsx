import { languages, useI18n } from '../i18n/i18n';

/** FR | EN as two toggle buttons; the choice is kept in localStorage. */
export function LanguageSwitch({ tone = 'light' }: { tone?: 'light' | 'dark' }) {
  const { language, m, setLanguage } = useI18n();
  return (
    <div className={`language-switch language-switch--${tone}`} role="group" aria-label={m.language.label}>
      {languages.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={lang === language}
          onClick={() => setLanguage(lang)}
        >
          <span aria-hidden="true">{lang.toUpperCase()}</span>
          <span className="visually-hidden">{m.language.names[lang]}</span>
        </button>
      ))}
    </div>
  );
}
