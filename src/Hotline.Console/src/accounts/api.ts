// The signed-in user's account (src/Hotline.Server/Identity/AccountEndpoints.cs) and the admins' user
// management (Identity/UserAdminEndpoints.cs). Secrets (key, recovery codes, generated passwords) are
// only ever held in component state, never stored.

import type { Guid } from '../api/contract';
import { apiFetch, readProblem } from '../api/http';

const json = { 'Content-Type': 'application/json', Accept: 'application/json' };

export interface AccountStatus {
  userName: string;
  displayName: string;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  recoveryCodesLeft: number;
}

export interface MfaSetup {
  sharedKey: string;
  authenticatorUri: string;
  qrCodeUrl: string;
}

export interface UserSummary {
  id: Guid;
  userName: string;
  displayName: string;
  roles: string[];
  departements: string[];
  communes: string[];
  locked: boolean;
  mfaEnabled: boolean;
  mfaRequired: boolean;
  /** The password an admin set has not been replaced by the user yet. */
  mustChangePassword: boolean;
}

export interface UserInput {
  displayName: string;
  roles: string[];
  departements: string[];
  communes: string[];
}

/** A field-level refusal (400 ValidationProblem): field name → messages, as the server wrote them. */
export type FieldErrors = Record<string, string[]>;

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; errors: FieldErrors };

async function call<T>(url: string, init: RequestInit, read: (response: Response) => Promise<T>): Promise<Outcome<T>> {
  let response: Response;
  try {
    response = init.method && init.method !== 'GET' ? await apiFetch(url, init) : await fetch(url, init);
  } catch {
    return { ok: false, status: 0, errors: {} };
  }
  if (response.ok) {
    return { ok: true, value: await read(response) };
  }
  return { ok: false, status: response.status, errors: (await readProblem(response)).errors ?? {} };
}

const body = <T>(response: Response) => response.json() as Promise<T>;
const nothing = () => Promise.resolve(undefined);

const post = (payload?: unknown): RequestInit => ({ method: 'POST', headers: json, body: JSON.stringify(payload ?? {}) });

// ---- My account ------------------------------------------------------------------------------

export const getAccount = () => call('/api/account', { headers: json }, body<AccountStatus>);

export const startMfaSetup = () => call('/api/account/mfa/setup', post(), body<MfaSetup>);

export const enableMfa = (code: string) =>
  call('/api/account/mfa/enable', post({ code }), async (r) => (await body<{ codes: string[] }>(r)).codes);

export const disableMfa = (codeOrRecovery: string) =>
  call('/api/account/mfa/disable', post(isTotp(codeOrRecovery) ? { code: codeOrRecovery } : { recoveryCode: codeOrRecovery }), nothing);

export const regenerateRecoveryCodes = (code: string) =>
  call('/api/account/mfa/recovery-codes', post({ code }), async (r) => (await body<{ codes: string[] }>(r)).codes);

export const changePassword = (currentPassword: string, newPassword: string) =>
  call('/api/account/password', post({ currentPassword, newPassword }), nothing);

// ---- Admin: users ----------------------------------------------------------------------------

export const listUsers = (search: string) =>
  call(`/api/admin/users?search=${encodeURIComponent(search)}`, { headers: json }, body<UserSummary[]>);

export const createUser = (userName: string, input: UserInput, password: string) =>
  call('/api/admin/users', post({ userName, ...input, password: password || null }), body<{ user: UserSummary; temporaryPassword: string | null }>);

export const updateUser = (id: Guid, input: UserInput) =>
  call(`/api/admin/users/${id}`, { method: 'PUT', headers: json, body: JSON.stringify(input) }, body<UserSummary>);

export type UserAction = 'lock' | 'unlock' | 'mfa/reset';

export const userAction = (id: Guid, action: UserAction) => call(`/api/admin/users/${id}/${action}`, post(), nothing);

export const resetPassword = (id: Guid) =>
  call(`/api/admin/users/${id}/password`, post({}), async (r) => (await body<{ temporaryPassword: string | null }>(r)).temporaryPassword);

// ---- Pure helpers ----------------------------------------------------------------------------

/** Six digits once spaces and dashes are dropped: an authenticator code (anything else is a recovery code). */
export function isTotp(input: string): boolean {
  return /^[0-9]{6}$/.test(input.replace(/[\s-]/g, ''));
}

/** "13, 84 2a" → ["13", "84", "2A"]: codes as typed, split on commas and spaces, upper-cased, without duplicates. */
export function parseCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((code) => code.trim().toUpperCase()).filter((code) => code.length > 0))];
}

/** What the server accepts as a user name (checked here first to say so at once). */
export function isValidUserName(userName: string): boolean {
  return /^[a-z0-9][a-z0-9._-]{2,63}$/.test(userName);
}

/** The server's field names for the form's fields (its ValidationProblem keys). */
export function firstError(errors: FieldErrors, field: string): string | null {
  return errors[field]?.[0] ?? null;
}
