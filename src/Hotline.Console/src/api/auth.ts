// The cookie-authenticated account endpoints (src/Hotline.Server/Identity/AuthEndpoints.cs).

import type { CurrentUser } from './contract';
import { apiFetch, readProblem, resetAntiforgery } from './http';

export type LoginResult =
  | { ok: true; user: CurrentUser }
  | { ok: false; error: 'invalid' | 'required' | 'twoFactor' | 'expired' | 'network' | 'unexpected'; status?: number; title?: string };

const json = { 'Content-Type': 'application/json', Accept: 'application/json' };

export async function login(userName: string, password: string): Promise<LoginResult> {
  let response: Response;
  try {
    response = await fetch('/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ userName, password }) });
  } catch {
    return { ok: false, error: 'network' };
  }
  if (response.ok) {
    resetAntiforgery(); // the token is bound to the session that just began
    return { ok: true, user: (await response.json()) as CurrentUser };
  }
  const problem = await readProblem(response);
  // The password was right but the account has two-factor on: the code step follows (not signed in yet).
  const error =
    response.status === 401 && problem.code === 'two-factor-required'
      ? 'twoFactor'
      : response.status === 401
        ? 'invalid'
        : response.status === 400
          ? 'required'
          : 'unexpected';
  return { ok: false, error, status: response.status, ...(problem.title ? { title: problem.title } : {}) };
}

/** The second sign-in step: a code from the authenticator app, or a recovery code. */
export async function loginSecondFactor(input: { code: string } | { recoveryCode: string }): Promise<LoginResult> {
  let response: Response;
  try {
    response = await fetch('/api/auth/login/two-factor', { method: 'POST', headers: json, body: JSON.stringify(input) });
  } catch {
    return { ok: false, error: 'network' };
  }
  if (response.ok) {
    resetAntiforgery();
    return { ok: true, user: (await response.json()) as CurrentUser };
  }
  const problem = await readProblem(response);
  const error =
    response.status === 401 && problem.code === 'two-factor-expired'
      ? 'expired'
      : response.status === 401
        ? 'invalid'
        : response.status === 400
          ? 'required'
          : 'unexpected';
  return { ok: false, error, status: response.status };
}

/** The signed-in user, null when signed out (401), or an error when the server cannot tell. */
export async function currentUser(): Promise<CurrentUser | null> {
  const response = await fetch('/api/auth/me', { headers: { Accept: 'application/json' } });
  if (response.status === 401) {
    return null;
  }
  if (!response.ok) {
    throw new Error(`GET /api/auth/me: HTTP ${response.status}`);
  }
  return (await response.json()) as CurrentUser;
}

export async function logout(): Promise<void> {
  await apiFetch('/api/auth/logout', { method: 'POST', headers: json });
  resetAntiforgery();
}
