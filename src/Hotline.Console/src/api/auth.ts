// The cookie-authenticated account endpoints (src/Hotline.Server/Identity/AuthEndpoints.cs).

import { api, type ApiResult, call, problemCodes, resetAntiforgery } from './client';
import type { CurrentUser } from './contract';

export type LoginError = 'invalid' | 'required' | 'twoFactor' | 'expired' | 'network' | 'unexpected';

/** What a sign-in step's refusal means for the form: by status and code, never by title. */
export function loginError(result: ApiResult<CurrentUser>): LoginError | null {
  if (result.ok) {
    return null;
  }
  const { status, code } = result.problem;
  if (status === 401) {
    return code === problemCodes.twoFactorRequired ? 'twoFactor' : code === problemCodes.twoFactorExpired ? 'expired' : 'invalid';
  }
  return status === 400 ? 'required' : status === 0 ? 'network' : 'unexpected';
}

async function signedIn(request: Promise<ApiResult<CurrentUser>>): Promise<ApiResult<CurrentUser>> {
  const result = await request;
  if (result.ok) {
    resetAntiforgery(); // the token is bound to the session that just began
  }
  return result;
}

export function login(userName: string, password: string): Promise<ApiResult<CurrentUser>> {
  return signedIn(call(api.POST('/api/auth/login', { body: { userName, password } })));
}

/** The second sign-in step: a code from the authenticator app, or a recovery code. */
export function loginSecondFactor(input: { code: string } | { recoveryCode: string }): Promise<ApiResult<CurrentUser>> {
  const body = 'code' in input ? { code: input.code, recoveryCode: null } : { code: null, recoveryCode: input.recoveryCode };
  return signedIn(call(api.POST('/api/auth/login/two-factor', { body })));
}

/** The signed-in user, null when signed out (401), or an error when the server cannot tell. */
export async function currentUser(): Promise<CurrentUser | null> {
  const result = await call(api.GET('/api/auth/me'));
  if (result.ok) {
    return result.data;
  }
  if (result.problem.status === 401) {
    return null;
  }
  throw new Error(`GET /api/auth/me: HTTP ${result.problem.status}`);
}

export async function logout(): Promise<void> {
  await call(api.POST('/api/auth/logout'));
  resetAntiforgery();
}
