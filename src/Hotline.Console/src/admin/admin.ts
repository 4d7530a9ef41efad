// What the admin areas share: who they are for.

import { type CurrentUser, roles } from '../api/contract';

/** The admin areas are offered to admins; the server refuses everyone else (403) on every admin request. */
export function isAdmin(user: CurrentUser): boolean {
  return user.roles.includes(roles.admin);
}

/** The audit trail and the register of the processing: admins and the data protection officer (who sees no case). */
export function canReadCompliance(user: CurrentUser): boolean {
  return user.roles.includes(roles.admin) || user.roles.includes(roles.dataProtectionOfficer);
}

/** Dates and times in the admin screens: the user's language, to the second (audit entries are close together). */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'short', timeStyle: 'medium' });
}
