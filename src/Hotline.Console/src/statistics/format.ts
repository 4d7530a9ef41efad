// How the statistics' figures are written. A count the server withheld (null: fewer than 5, for a
// coordinator) is written "< 5", never guessed; a rate or an average the server could not give (no
// denominator, or too small to be shown) is a dash.

import type { Language } from '../i18n/i18n';

/** What a withheld count shows (small-count suppression). */
export const suppressedCount = '< 5';
/** What a rate, an average or a median without a value shows. */
export const noValue = '—';

const locales: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB' };

export function formatCount(value: number | null | undefined, language: Language): string {
  return value === null || value === undefined ? suppressedCount : new Intl.NumberFormat(locales[language]).format(value);
}

/** 87.5 → "87,5 %" (fr) / "87.5%" (en): the server sends percentages from 0 to 100. */
export function formatPercent(value: number | null | undefined, language: Language): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return noValue;
  }
  return new Intl.NumberFormat(locales[language], { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

/** Seconds as people read a wait or a handle time: "42 s", "2 min 05 s", "1 h 02 min". */
export function formatSeconds(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return noValue;
  }
  const total = Math.max(0, Math.round(value));
  if (total < 60) {
    return `${total} s`;
  }
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours} h ${String(minutes).padStart(2, '0')} min` : `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** A median time to acknowledge, in hours: "3,5 h"; a day or more in days: "2,1 j" / "2.1 d". */
export function formatHours(value: number | null | undefined, language: Language): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return noValue;
  }
  const number = new Intl.NumberFormat(locales[language], { maximumFractionDigits: 1 });
  if (value >= 48) {
    return `${number.format(value / 24)} ${language === 'fr' ? 'j' : 'd'}`;
  }
  return `${number.format(value)} h`;
}

/** A count for a chart or a colour scale: a withheld count counts as nothing there (its label says "< 5"). */
export function countForScale(value: number | null | undefined): number {
  return value ?? 0;
}

/** "2026-11": the first and last day of that month, as the report endpoint takes them. */
export function monthRange(month: string): { from: string; to: string } | null {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) {
    return null;
  }
  const year = Number(match[1]);
  const monthIndex = Number(match[2]);
  if (monthIndex < 1 || monthIndex > 12) {
    return null;
  }
  const last = new Date(Date.UTC(year, monthIndex, 0)).getUTCDate();
  return { from: `${match[1]}-${match[2]}-01`, to: `${match[1]}-${match[2]}-${String(last).padStart(2, '0')}` };
}

/** The month before the one a date falls in ("2026-12-07" → "2026-11"): the report a préfecture reads early in a month. */
export function previousMonth(today: Date): string {
  const year = today.getFullYear();
  const month = today.getMonth(); // 0-based: the previous month's 1-based number
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`;
}

/** Local calendar date as the API takes it ("2026-12-07"). */
export function isoDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** "2026-11-03" → "03/11/2026" (fr) / "03/11/2026" (en-GB): a report's period as people read it. */
export function formatDay(isoDay: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!match) {
    return isoDay;
  }
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toLocaleDateString(locales[language], { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
}
