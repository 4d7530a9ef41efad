// Requests to the server. Unsafe ones (POST, PUT, PATCH, DELETE) carry the session's antiforgery token
// (server: src/Hotline.Server/Identity/Antiforgery.cs), fetched once per session and again if refused.

let token: { value: string; header: string } | null = null;

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

async function antiforgeryToken(): Promise<{ value: string; header: string } | null> {
  if (token) {
    return token;
  }
  const response = await fetch('/api/auth/antiforgery', { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    return null;
  }
  const body = (await response.json()) as { token: string; headerName: string };
  token = { value: body.token, header: body.headerName };
  return token;
}

/** Forget the token: it belongs to the session that just ended or began. */
export function resetAntiforgery(): void {
  token = null;
}

/** fetch() for the server's API, adding the antiforgery header to unsafe requests (retried once with a fresh token). */
export async function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  if (safeMethods.has(method)) {
    return fetch(url, init);
  }
  for (let attempt = 0; ; attempt++) {
    const current = await antiforgeryToken();
    const headers = new Headers(init.headers);
    if (current) {
      headers.set(current.header, current.value);
    }
    const response = await fetch(url, { ...init, headers });
    if (response.status !== 400 || attempt > 0 || !(await isAntiforgeryRefusal(response.clone()))) {
      return response;
    }
    resetAntiforgery();
  }
}

async function isAntiforgeryRefusal(response: Response): Promise<boolean> {
  try {
    const problem = (await response.json()) as { title?: string };
    return problem.title?.toLowerCase().includes('antiforgery') ?? false;
  } catch {
    return false;
  }
}

// ProblemDetails as the server writes them (src/Hotline.Server/Hosting): a title, and for a
// ValidationProblem the field errors keyed by the request's JSON names. Extensions are read by callers.
export interface ProblemDetails {
  status?: number;
  title?: string;
  detail?: string;
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
}

/** The body of an error response, or a bare problem with the status when it is not JSON. */
export async function readProblem(response: Response): Promise<ProblemDetails> {
  try {
    const body = (await response.json()) as unknown;
    if (body !== null && typeof body === 'object') {
      return { status: response.status, ...(body as ProblemDetails) };
    }
  } catch {
    // An empty or non-JSON body (a proxy's page, a 413 from Kestrel): the status says enough.
  }
  return { status: response.status };
}
