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

// Working days, as the server counts them (Referrals/AcknowledgementDeadline.cs): Monday–Friday in Paris,
// French public holidays excluded (Telephony/OpeningHours.cs, FrenchPublicHolidays).

/** A calendar day as "YYYY-MM-DD". */
type Day = string;

const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: referralTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The day an instant falls on in Paris. */
export function parisDayOf(ms: number): Day {
  return parisDay.format(new Date(ms));
}

function easterSunday(year: number): Date {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher), the server's too.
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

const dayText = (date: Date): Day => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * 86_400_000);

const holidayCache = new Map<number, Set<Day>>();

export function frenchPublicHolidays(year: number): ReadonlySet<Day> {
  let days = holidayCache.get(year);
  if (!days) {
    const easter = easterSunday(year);
    const fixed = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].map((md) => `${year}-${md}`);
    days = new Set([...fixed, ...[1, 39, 50].map((offset) => dayText(addDays(easter, offset)))]);
    holidayCache.set(year, days);
  }
  return days;
}

export function isWorkingDay(day: Day): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !frenchPublicHolidays(date.getUTCFullYear()).has(day);
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: Day, to: Day): number {
  let count = 0;
  for (let date = addDays(new Date(`${from}T00:00:00Z`), 1); dayText(date) <= to; date = addDays(date, 1)) {
    if (isWorkingDay(dayText(date))) {
      count++;
    }
  }
  return count;
}

/** How a deadline reads: "dans 2 jours ouvrés", "dans 3 h", "en retard de 25 min". */
export interface DeadlinePhrases {
  ahead: (amount: string) => string;
  late: (amount: string) => string;
  workingDays: (count: number, formatted: string) => string;
}

const units = new Map<string, Intl.NumberFormat>();

function unit(language: Language, name: 'minute' | 'hour' | 'day', value: number): string {
  const key = `${language}:${name}`;
  let format = units.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locales[language], { style: 'unit', unit: name, unitDisplay: name === 'day' ? 'long' : 'short' });
    units.set(key, format);
  }
  return format.format(value);
}

/**
 * The deadline relative to now. Ahead by a day or more: in working days (the way services count, and the
 * way the server computed it), counting the deadline's own day and leaving out today — a deadline at midnight
 * is the end of the day before. Under a day, or late: minutes under an hour, hours under two days, then days.
 */
export function formatDeadline(deadlineMs: number, nowMs: number, language: Language, phrases: DeadlinePhrases): string {
  const diff = deadlineMs - nowMs;
  const size = Math.abs(diff);
  if (diff >= day) {
    const count = workingDaysBetween(parisDayOf(nowMs), parisDayOf(deadlineMs - 1));
    if (count >= 1) {
      return phrases.ahead(phrases.workingDays(count, new Intl.NumberFormat(locales[language]).format(count)));
    }
  }
  const amount =
    size < hour
      ? unit(language, 'minute', Math.max(1, Math.round(size / minute)))
      : size < 2 * day
        ? unit(language, 'hour', Math.floor(size / hour))
        : unit(language, 'day', Math.floor(size / day));
  return diff >= 0 ? phrases.ahead(amount) : phrases.late(amount);
}
