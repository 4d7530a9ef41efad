// The signed-in user's account (src/Hotline.Server/Identity/AccountEndpoints.cs) and the admins' user
// management (Identity/UserAdminEndpoints.cs). Secrets (key, recovery codes, generated passwords) are
// only ever held in component state, never stored.

import { api, type ApiResult, call, fieldErrors, type Schemas } from '../api/client';
import type { Guid } from '../api/contract';

export type { ApiResult } from '../api/client';
export type AccountStatus = Schemas['AccountStatus'];
export type MfaSetup = Schemas['MfaSetup'];
/** An account as admins see it (`mustChangePassword`: the password an admin set is not replaced yet). */
export type UserSummary = Schemas['UserSummary'];
export type CreatedUser = Schemas['CreatedUser'];

export interface UserInput {
  displayName: string;
  roles: string[];
  departements: string[];
  communes: string[];
}

/** A field-level refusal (400 ValidationProblem): field name → messages, as the server wrote them. */
export type FieldErrors = Record<string, string[]>;

/** The field errors of a refused request (none unless it was a 400 ValidationProblem). */
export function errorsOf<T>(result: ApiResult<T>): FieldErrors {
  return result.ok ? {} : fieldErrors(result.problem);
}

/** The value of an answer, turned into what the form needs. */
async function map<T, U>(request: Promise<ApiResult<T>>, project: (data: T) => U): Promise<ApiResult<U>> {
  const result = await request;
  return result.ok ? { ...result, data: project(result.data) } : result;
}

// ---- My account ------------------------------------------------------------------------------

export const getAccount = () => call(api.GET('/api/account'));

export const startMfaSetup = () => call(api.POST('/api/account/mfa/setup'));

export const enableMfa = (code: string) => map(call(api.POST('/api/account/mfa/enable', { body: { code } })), (r) => r.codes);

export const disableMfa = (codeOrRecovery: string) =>
  call(
    api.POST('/api/account/mfa/disable', {
      body: isTotp(codeOrRecovery) ? { code: codeOrRecovery, recoveryCode: null } : { code: null, recoveryCode: codeOrRecovery },
    }),
  );

export const regenerateRecoveryCodes = (code: string) =>
  map(call(api.POST('/api/account/mfa/recovery-codes', { body: { code } })), (r) => r.codes);

export const changePassword = (currentPassword: string, newPassword: string) =>
  call(api.POST('/api/account/password', { body: { currentPassword, newPassword } }));

// ---- Admin: users ----------------------------------------------------------------------------

export const listUsers = (search: string) => call(api.GET('/api/admin/users', { params: { query: { search } } }));

export const createUser = (userName: string, input: UserInput, password: string) =>
  call(api.POST('/api/admin/users', { body: { userName, ...input, password: password || null } }));

export const updateUser = (id: Guid, input: UserInput) => call(api.PUT('/api/admin/users/{id}', { params: { path: { id } }, body: input }));

export type UserAction = 'lock' | 'unlock' | 'mfa/reset';

export const userAction = (id: Guid, action: UserAction) => {
  const path = { params: { path: { id } } };
  return call(
    action === 'lock'
      ? api.POST('/api/admin/users/{id}/lock', path)
      : action === 'unlock'
        ? api.POST('/api/admin/users/{id}/unlock', path)
        : api.POST('/api/admin/users/{id}/mfa/reset', path),
  );
};

export const resetPassword = (id: Guid) =>
  map(call(api.POST('/api/admin/users/{id}/password', { params: { path: { id } }, body: { password: null } })), (r) => r.temporaryPassword);

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
