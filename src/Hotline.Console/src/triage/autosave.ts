// Autosave: the latest value is saved after a pause in typing (debounce), at once on flush (blur,
// hidden tab, leaving), and never by two requests at a time — a change made while a save is in flight
// is saved right after it, so the server always ends with the latest value. Pure TypeScript with an
// injectable timer, so the rules are tested without a browser.

import type { ApiResult, ProblemErrors } from './api';
import type { Problem } from '../api/client';

export type SaveStatus =
  /** Nothing to save (as loaded). */
  | 'clean'
  /** Changed, waiting for the pause in typing. */
  | 'pending'
  | 'saving'
  | 'saved'
  /** Saved except some fields the server refused (their input stays in the form, marked; the next change re-sends them). */
  | 'partial'
  /** The server refused the value (400): its errors are shown; the next change is saved again. */
  | 'invalid'
  /** The request failed (network, 5xx…): retried after a while, or now with retry(). */
  | 'failed'
  /** Someone saved in between (409): nothing was saved; the form is merged and saved again (onStale). */
  | 'conflict';

export interface AutosaveState<R> {
  status: SaveStatus;
  /** The server's answer to the last successful save. */
  saved: R | null;
  /** Errors of the last refused save, or the fields the last save refused (empty otherwise). */
  errors: ProblemErrors;
}

export interface Timer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const browserTimer: Timer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface AutosaveOptions<T, R> {
  save: (value: T, keepalive: boolean) => Promise<ApiResult<R>>;
  /** Called on every state change. */
  onState: (state: AutosaveState<R>) => void;
  /** Called after a successful save with the server's answer and the value it saved. */
  onSaved?: (saved: R, value: T) => void;
  /**
   * A save refused as stale (409: someone saved in between). Nothing newer is sent until the owner merges and calls
   * change() again; without it, a 409 is treated as a failure and retried.
   */
  onStale?: (problem: Problem, value: T) => void;
  /** The fields a successful save still refused (a partial save); none by default. */
  refusedIn?: (saved: R) => ProblemErrors;
  delayMs?: number;
  retryMs?: number;
  timer?: Timer;
}

export class Autosaver<T, R> {
  private readonly save: AutosaveOptions<T, R>['save'];
  private readonly onState: AutosaveOptions<T, R>['onState'];
  private readonly onSaved: AutosaveOptions<T, R>['onSaved'];
  private readonly onStale: AutosaveOptions<T, R>['onStale'];
  private readonly refusedIn: (saved: R) => ProblemErrors;
  private readonly delayMs: number;
  private readonly retryMs: number;
  private readonly timer: Timer;
  private latest: T | undefined;
  /** The latest value has not been sent yet (or its sending failed). */
  private dirty = false;
  private handle: unknown = null;
  private running: Promise<void> | null = null;
  private keepalive = false;
  private disposed = false;
  private current: AutosaveState<R> = { status: 'clean', saved: null, errors: {} };

  constructor(options: AutosaveOptions<T, R>) {
    this.save = options.save;
    this.onState = options.onState;
    this.onSaved = options.onSaved;
    this.onStale = options.onStale;
    this.refusedIn = options.refusedIn ?? (() => ({}));
    this.delayMs = options.delayMs ?? 800;
    this.retryMs = options.retryMs ?? 5000;
    this.timer = options.timer ?? browserTimer;
  }

  get state(): AutosaveState<R> {
    return this.current;
  }

  /** True while something typed is not yet on the server (pending, saving, or failed). */
  get unsaved(): boolean {
    return this.dirty || this.running !== null;
  }

  /** A new value: saved after the pause (each change restarts the wait). */
  change(value: T): void {
    if (this.disposed) {
      return;
    }
    this.latest = value;
    this.dirty = true;
    if (this.running === null) {
      this.set({ status: 'pending' });
    }
    this.schedule(this.delayMs);
  }

  /** Saves now what is not saved yet; resolves when the server has the latest value (or refused it, or failed). */
  flush(keepalive = false): Promise<void> {
    this.keepalive ||= keepalive;
    this.cancelTimer();
    if (this.running !== null) {
      return this.running;
    }
    if (!this.dirty) {
      return Promise.resolve();
    }
    return this.run();
  }

  /** After a failure: try again now. */
  retry(): Promise<void> {
    return this.flush();
  }

  /** Stops the timer; a save in flight completes but nothing new starts. */
  dispose(): void {
    this.disposed = true;
    this.cancelTimer();
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.handle = this.timer.set(() => {
      this.handle = null;
      void this.flush();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.handle !== null) {
      this.timer.clear(this.handle);
      this.handle = null;
    }
  }

  private run(): Promise<void> {
    const running = this.loop().finally(() => {
      this.running = null;
    });
    this.running = running;
    return running;
  }

  /** Sends the latest value until nothing newer is waiting: one request at a time, in order. */
  private async loop(): Promise<void> {
    while (this.dirty) {
      const value = this.latest as T;
      const keepalive = this.keepalive;
      this.dirty = false;
      this.keepalive = false;
      this.set({ status: 'saving' });
      const result = await this.save(value, keepalive);
      if (result.ok) {
        const refused = this.refusedIn(result.data);
        const partial = Object.keys(refused).length > 0;
        this.set({ status: this.dirty ? 'saving' : partial ? 'partial' : 'saved', saved: result.data, errors: refused });
        this.onSaved?.(result.data, value);
      } else if (result.problem.status === 409 && this.onStale) {
        // Whatever waits was based on the same stale revision: the owner merges the latest form and sends that.
        this.dirty = false;
        this.cancelTimer();
        this.set({ status: 'conflict' });
        this.onStale(result.problem, value);
        return;
      } else if (result.problem.status === 400 && result.problem.errors) {
        // Sending the same value again would be refused again: wait for the next change.
        this.set({ status: this.dirty ? 'saving' : 'invalid', errors: result.problem.errors });
      } else if (!this.dirty) {
        // Nothing newer: this value still has to reach the server.
        this.dirty = true;
        this.set({ status: 'failed' });
        if (!this.disposed) {
          this.schedule(this.retryMs);
        }
        return;
      }
    }
  }

  private set(change: Partial<AutosaveState<R>>): void {
    this.current = { ...this.current, ...change };
    this.onState(this.current);
  }
}
