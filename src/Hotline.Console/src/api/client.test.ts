import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, call, problemOf, resetAntiforgery } from './client';

// The client calls the page's own origin: give the test one, before the client is made.
vi.hoisted(() => vi.stubGlobal('location', new URL('http://console.test/')));

// The server's refusal of a missing or stale antiforgery token (Identity/Antiforgery.cs): its title is
// French and may change; its code does not.
const refusal = {
  status: 400,
  title: 'Jeton anti-falsification absent ou invalide : rechargez la page.',
  code: 'antiforgery-invalid',
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } });
}

describe('antiforgery retry', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.stubGlobal('location', new URL('http://console.test/'));
    resetAntiforgery();
  });

  it('fetches a fresh token once and replays the request refused for its token', async () => {
    const tokens = ['stale', 'fresh'];
    const sent: { url: string; token: string | null }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
        const request = input instanceof Request ? input : new Request(new URL(String(input), 'http://console.test'), init);
        const url = new URL(request.url).pathname;
        if (url === '/api/auth/antiforgery') {
          return Promise.resolve(json(200, { token: tokens.shift(), headerName: 'X-XSRF-TOKEN' }));
        }
        const token = request.headers.get('X-XSRF-TOKEN');
        sent.push({ url, token });
        return Promise.resolve(token === 'fresh' ? new Response(null, { status: 204 }) : json(400, refusal));
      }),
    );

    const result = await call(api.PUT('/api/console/answering', { body: { mode: 'Browser', phoneNumber: null } }));

    expect(result.ok).toBe(true);
    expect(sent).toEqual([
      { url: '/api/console/answering', token: 'stale' },
      { url: '/api/console/answering', token: 'fresh' },
    ]);
  });

  it('does not replay a refusal of another kind, whatever its title says', async () => {
    let sent = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL) => {
        const url = new URL(input instanceof Request ? input.url : String(input), 'http://console.test').pathname;
        if (url === '/api/auth/antiforgery') {
          return Promise.resolve(json(200, { token: 't', headerName: 'X-XSRF-TOKEN' }));
        }
        sent++;
        return Promise.resolve(json(400, { status: 400, title: 'Antiforgery token validation failed', errors: { mode: ['Choisissez.'] } }));
      }),
    );

    const result = await call(api.PUT('/api/console/answering', { body: { mode: 'Browser', phoneNumber: null } }));

    expect(sent).toBe(1);
    expect(result).toEqual({ ok: false, problem: { status: 400, title: 'Antiforgery token validation failed', errors: { mode: ['Choisissez.'] } } });
  });
});

describe('problemOf', () => {
  it('keeps the ProblemDetails with its extensions, or the status alone when the body was not one', () => {
    expect(problemOf(409, { title: 'Bad', code: 'x', conflicts: [] })).toEqual({ status: 409, title: 'Bad', code: 'x', conflicts: [] });
    expect(problemOf(413, '<html>too large</html>')).toEqual({ status: 413 });
    expect(problemOf(502, null)).toEqual({ status: 502 });
  });

  it('answers a network failure as status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('offline'))));
    expect(await call(api.GET('/api/auth/me'))).toEqual({ ok: false, problem: { status: 0 } });
  });
});
