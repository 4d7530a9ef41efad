import { describe, expect, it } from 'vitest';
import type { ApiResult } from './api';
import { type AutosaveState, Autosaver, type SaveStatus, type Timer } from './autosave';

/** A timer the test advances by hand. */
class ManualTimer implements Timer {
  now = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  set(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, callback });
    return id;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [id, entry] of [...this.pending].sort((a, b) => a[1].at - b[1].at)) {
      if (entry.at <= this.now && this.pending.has(id)) {
        this.pending.delete(id);
        entry.callback();
      }
    }
  }

  get scheduled(): number {
    return this.pending.size;
  }
}

/** A save whose requests the test answers one by one. */
function harness(delayMs = 800, retryMs = 5000, onStale?: (problem: { status: number }, value: string) => void) {
  const timer = new ManualTimer();
  const requests: { value: string; keepalive: boolean; answer: (result: ApiResult<string>) => void }[] = [];
  const states: SaveStatus[] = [];
  const saved: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const saver = new Autosaver<string, string>({
    save: (value, keepalive) =>
      new Promise((resolve) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        requests.push({
          value,
          keepalive,
          answer: (result) => {
            inFlight--;
            resolve(result);
          },
        });
      }),
    onState: (state: AutosaveState<string>) => states.push(state.status),
    onSaved: (answer) => saved.push(answer),
    onStale,
    delayMs,
    retryMs,
    timer,
  });
  return { timer, requests, states, saved, saver, maxInFlight: () => maxInFlight };
}

const ok = (data: string): ApiResult<string> => ({ ok: true, data, status: 200 });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('autosave', () => {
  it('waits for a pause in typing, then saves the latest value once', async () => {
    const { timer, requests, saver, states } = harness();
    saver.change('a');
    timer.advance(500);
    saver.change('ab');
    timer.advance(500);
    saver.change('abc');
    timer.advance(799);
    expect(requests).toHaveLength(0);
    expect(saver.state.status).toBe('pending');

    timer.advance(1);
    expect(requests.map((r) => r.value)).toEqual(['abc']);
    expect(saver.state.status).toBe('saving');
    requests[0]!.answer(ok('rev1'));
    await settle();
    expect(saver.state.status).toBe('saved');
    expect(saver.state.saved).toBe('rev1');
    expect(saver.unsaved).toBe(false);
    expect(states).toEqual(['pending', 'pending', 'pending', 'saving', 'saved']);
  });

  it('never has two saves in flight: a change during a save is saved right after it, in order', async () => {
    const h = harness();
    h.saver.change('one');
    h.timer.advance(800);
    h.saver.change('two');
    h.saver.change('three');
    h.timer.advance(800);
    // The first save is still in flight: nothing else is sent.
    expect(h.requests.map((r) => r.value)).toEqual(['one']);
    expect(h.saver.unsaved).toBe(true);

    h.requests[0]!.answer(ok('rev1'));
    await settle();
    expect(h.requests.map((r) => r.value)).toEqual(['one', 'three']);
    expect(h.saver.state.status).toBe('saving');
    h.requests[1]!.answer(ok('rev2'));
    await settle();
    expect(h.saver.state.status).toBe('saved');
    expect(h.saved).toEqual(['rev1', 'rev2']);
    expect(h.maxInFlight()).toBe(1);
  });

  it('flush saves at once (blur, hidden tab) and passes keepalive for a closing page', async () => {
    const { timer, requests, saver } = harness();
    saver.change('typed');
    const flushed = saver.flush(true);
    expect(requests).toEqual([expect.objectContaining({ value: 'typed', keepalive: true })]);
    // The debounce was cancelled: no second save later.
    requests[0]!.answer(ok('rev1'));
    await flushed;
    timer.advance(5000);
    expect(requests).toHaveLength(1);
    expect(timer.scheduled).toBe(0);

    // Nothing new: flushing sends nothing.
    await saver.flush();
    expect(requests).toHaveLength(1);
  });

  it('keeps what failed, says so, retries by itself after a while or at once on retry()', async () => {
    const { timer, requests, saver } = harness(800, 5000);
    saver.change('important');
    timer.advance(800);
    requests[0]!.answer({ ok: false, problem: { status: 503 } });
    await settle();
    expect(saver.state.status).toBe('failed');
    expect(saver.unsaved).toBe(true);

    timer.advance(5000);
    expect(requests.map((r) => r.value)).toEqual(['important', 'important']);
    requests[1]!.answer({ ok: false, problem: { status: 0 } });
    await settle();
    expect(saver.state.status).toBe('failed');

    const retried = saver.retry();
    expect(requests).toHaveLength(3);
    requests[2]!.answer(ok('rev1'));
    await retried;
    expect(saver.state.status).toBe('saved');
    expect(saver.unsaved).toBe(false);
  });

  it('shows refused input until the next change and does not resend the same value', async () => {
    const { timer, requests, saver } = harness();
    saver.change('bad');
    timer.advance(800);
    requests[0]!.answer({ ok: false, problem: { status: 400, errors: { 'concerned.age': ['The age must be between 0 and 120.'] } } });
    await settle();
    expect(saver.state.status).toBe('invalid');
    expect(saver.state.errors).toEqual({ 'concerned.age': ['The age must be between 0 and 120.'] });
    timer.advance(60_000);
    await saver.flush();
    expect(requests).toHaveLength(1);

    saver.change('good');
    timer.advance(800);
    requests[1]!.answer(ok('rev1'));
    await settle();
    expect(saver.state.status).toBe('saved');
    expect(saver.state.errors).toEqual({});
  });

  it('a partial save is not "saved": it lists the refused fields and re-sends them with the next change', async () => {
    const timer = new ManualTimer();
    const requests: { value: string; answer: (result: ApiResult<string>) => void }[] = [];
    const saver = new Autosaver<string, string>({
      save: (value) => new Promise((resolve) => requests.push({ value, answer: resolve })),
      onState: () => undefined,
      refusedIn: (saved): Record<string, string[]> => (saved.startsWith('refused') ? { 'concerned.age': ['L’âge doit être compris entre 0 et 120 ans.'] } : {}),
      timer,
    });
    saver.change('age 250 + summary');
    timer.advance(800);
    requests[0]!.answer(ok('refused age'));
    await settle();
    expect(saver.state.status).toBe('partial');
    expect(Object.keys(saver.state.errors)).toEqual(['concerned.age']);

    saver.change('age 25 + summary');
    timer.advance(800);
    expect(requests[1]!.value).toBe('age 25 + summary');
    requests[1]!.answer(ok('all saved'));
    await settle();
    expect(saver.state.status).toBe('saved');
    expect(saver.state.errors).toEqual({});
  });

  it('after dispose, changes are ignored and no timer is left', async () => {
    const { timer, requests, saver } = harness();
    saver.change('last words');
    const flushed = saver.flush(true);
    saver.dispose();
    saver.change('after');
    timer.advance(10_000);
    expect(requests.map((r) => r.value)).toEqual(['last words']);
    requests[0]!.answer(ok('rev1'));
    await flushed;
    expect(timer.scheduled).toBe(0);
  });

  it('a stale save (409) sends nothing more until the owner merges and changes again', async () => {
    const stale: string[] = [];
    const { timer, requests, saver } = harness(800, 5000, (_problem, value) => stale.push(value));
    saver.change('mine');
    timer.advance(800);
    saver.change('mine, more'); // typed while the stale save is in flight
    requests[0]!.answer({ ok: false, problem: { status: 409 } });
    await settle();
    expect(saver.state.status).toBe('conflict');
    expect(stale).toEqual(['mine']);
    timer.advance(60_000);
    expect(requests).toHaveLength(1);

    saver.change('merged');
    timer.advance(800);
    expect(requests[1]!.value).toBe('merged');
    requests[1]!.answer(ok('rev3'));
    await settle();
    expect(saver.state.status).toBe('saved');
  });
});
