// Dates of referrals: always in Paris time (the line's and the préfectures' time, whatever the
// browser's zone), absolute ("12 mai 2026 à 14:05") or relative ("dans 3 heures").

import type { Language } from '../i18n/i18n';

export const referralTimeZone = 'Europe/Paris';

const locales: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

const absolute = new Map<Language, Intl.DateTimeFormat>();
const relative = new Map<Language, Intl.RelativeTimeFormat>();

export function formatDateTime(iso: string, language: Language): string {
  let format = absolute.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[language], { timeZone: referralTimeZone, dateStyle: 'medium', timeStyle: 'short' });
    absolute.set(language, format);
  }
  return format.format(new Date(iso));
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** "dans 5 minutes", "il y a 3 heures", "dans 2 jours": minutes under an hour, hours under two days. */
export function formatRelative(targetMs: number, nowMs: number, language: Language): string {
  let format = relative.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locales[language], { numeric: 'auto' });
    relative.set(language, format);
  }
  const diff = targetMs - nowMs;
  const size = Math.abs(diff);
  if (size < minute) {
    return format.format(0, 'second');
  }
  if (size < hour) {
    return format.format(Math.trunc(diff / minute), 'minute');
  }
  if (size < 2 * day) {
    return format.format(Math.trunc(diff / hour), 'hour');
  }
  return format.format(Math.trunc(diff / day), 'day');
}
