import { describe, expect, it } from 'vitest';
import type { CounsellorState } from '../api/contract';
import { consoleReducer, initialConsoleState, maxPendingEvents, streamOf } from './consoleReducer';
import { displayStatus, needsSnapshot, serverNow } from './consoleSelectors';
import { card, clientNow, connected, current, ev, me, offer, other, run, snap, snapshot } from './consoleTestData';

describe('snapshot', () => {
  it('replaces the whole state and goes live', () => {
    const state = run(connected, snap(snapshot({ voiceEnabled: true, counsellors: [me, other] })));
    expect(state.sync).toBe('live');
    expect(state.sequences).toEqual({ queue: 10, presence: 20, personal: 30 });
    expect(state.me).toEqual(me);
    expect(state.queue.map((c) => c.callId)).toEqual(['a']);
    expect(state.voiceEnabled).toBe(true);
    // Supervisors' list is sorted by display name.
    expect(state.counsellors?.map((c) => c.userName)).toEqual(['counsellor2', 'counsellor1']);
    expect(displayStatus(state)).toBe('connected');
    expect(needsSnapshot(state)).toBe(false);
  });

  it('measures the server clock offset', () => {
    const state = run(connected, snap());
    expect(state.serverOffsetMs).toBe(2000);
    expect(serverNow(state, clientNow)).toBe(Date.parse('2026-11-01T10:10:00+00:00'));
  });

  it('sorts the queue as the server does: priority, then the longest wait', () => {
    const state = run(
      connected,
      snap(
        snapshot({
          queue: [
            card('late-question', { priority: 10, queuedAt: '2026-11-01T10:03:00+00:00' }),
            card('urgent', { priority: 30, motive: 'Urgent', queuedAt: '2026-11-01T10:04:00+00:00' }),
            card('early-question', { priority: 10, queuedAt: '2026-11-01T10:02:00+00:00' }),
            card('voicemail', { kind: 'Voicemail', priority: 10, queuedAt: null, receivedAt: '2026-11-01T09:00:00+00:00' }),
          ],
        }),
      ),
    );
    expect(state.queue.map((c) => c.callId)).toEqual(['urgent', 'voicemail', 'early-question', 'late-question']);
  });

  it('throws away what a previous snapshot said', () => {
    const state = run(
      connected,
      snap(snapshot({ offer: offer('o1', 'b'), current: current('c') })),
      snap(snapshot({ sequences: { queue: 50, presence: 50, personal: 50 }, queue: [], offer: null, current: null })),
    );
    expect(state.queue).toEqual([]);
    expect(state.offer).toBeNull();
    expect(state.current).toBeNull();
    expect(state.sequences.queue).toBe(50);
  });
});

describe('sequenced events', () => {
  const live = run(connected, snap(snapshot({ counsellors: [me, other] })));

  it('applies last + 1 and advances only that stream', () => {
    const state = consoleReducer(live, ev({ type: 'callQueued', sequence: 11, card: card('b', { priority: 30, motive: 'Urgent' }) }));
    expect(state.queue.map((c) => c.callId)).toEqual(['b', 'a']);
    expect(state.sequences).toEqual({ queue: 11, presence: 20, personal: 30 });
    expect(state.sync).toBe('live');
  });

  it('updates and removes cards by id', () => {
    const state = [
      ev({ type: 'callUpdated', sequence: 11, card: card('a', { status: 'Offered', offeredTo: 'Alex Bernard' }) }),
      ev({ type: 'callQueued', sequence: 12, card: card('b') }),
      ev({ type: 'callRemoved', sequence: 13, callId: 'a' }),
    ].reduce(consoleReducer, live);
    expect(state.queue.map((c) => c.callId)).toEqual(['b']);
    expect(state.sequences.queue).toBe(13);
  });

  it('ignores an event the state already has (duplicate or covered by the snapshot)', () => {
    const state = consoleReducer(live, ev({ type: 'callRemoved', sequence: 10, callId: 'a' }));
    expect(state).toBe(live);
  });

  it('flags a gap for a resync and keeps the event for the replay', () => {
    const gap = ev({ type: 'callQueued', sequence: 12, card: card('b') });
    const state = consoleReducer(live, gap);
    expect(state.sync).toBe('resync');
    expect(state.resyncReason).toBe('gap');
    expect(state.queue.map((c) => c.callId)).toEqual(['a']);
    expect(needsSnapshot(state)).toBe(true);
    expect(displayStatus(state)).toBe('resyncing');
    expect(state.pending).toHaveLength(1);
  });

  it('sees a gap per stream: each stream counts on its own', () => {
    // queue is at 10, presence at 20: presence 21 is fine even though the queue never saw 11.
    const state = consoleReducer(live, ev({ type: 'presenceChanged', sequence: 21, state: { ...other, presence: 'Available' } }));
    expect(state.sync).toBe('live');
    expect(state.counsellors?.find((c) => c.userId === 'u-other')?.presence).toBe('Available');
    const gap = consoleReducer(state, ev({ type: 'offerReceived', sequence: 32, offer: offer('o1', 'a') }));
    expect(gap.sync).toBe('resync');
  });

  it('puts own presence on the personal stream and others on the presence stream', () => {
    expect(streamOf({ type: 'presenceChanged', sequence: 1, state: me }, 'u-me')).toBe('personal');
    expect(streamOf({ type: 'presenceChanged', sequence: 1, state: other }, 'u-me')).toBe('presence');
    const state = consoleReducer(live, ev({ type: 'presenceChanged', sequence: 31, state: { ...me, presence: 'Break' } }));
    expect(state.me?.presence).toBe('Break');
    expect(state.sequences).toEqual({ queue: 10, presence: 20, personal: 31 });
    // A supervisor sees themself in the list too.
    expect(state.counsellors?.find((c) => c.userId === 'u-me')?.presence).toBe('Break');
  });

  it('adds a counsellor who was not in the list', () => {
    const newcomer: CounsellorState = { ...other, userId: 'u-new', userName: 'counsellor3', displayName: 'Zoé Petit' };
    const state = consoleReducer(live, ev({ type: 'presenceChanged', sequence: 21, state: newcomer }));
    expect(state.counsellors?.map((c) => c.userId)).toEqual(['u-other', 'u-me', 'u-new']);
  });

  it('keeps counsellors null for a counsellor (no supervision list)', () => {
    const counsellorView = run(connected, snap());
    const state = consoleReducer(counsellorView, ev({ type: 'presenceChanged', sequence: 21, state: other }));
    expect(state.counsellors).toBeNull();
    expect(state.sequences.presence).toBe(21);
  });
});

describe('resync', () => {
  it('buffers events before the first snapshot and replays those it does not cover', () => {
    const state = run(
      connected,
      ev({ type: 'callQueued', sequence: 10, card: card('old') }), // covered by the snapshot
      ev({ type: 'callQueued', sequence: 11, card: card('b') }),
      ev({ type: 'offerReceived', sequence: 31, offer: offer('o1', 'b') }),
      snap(),
    );
    expect(state.sync).toBe('live');
    expect(state.queue.map((c) => c.callId).sort()).toEqual(['a', 'b']);
    expect(state.offer?.offerId).toBe('o1');
    expect(state.sequences).toEqual({ queue: 11, presence: 20, personal: 31 });
    expect(state.pending).toEqual([]);
  });

  it('shows connecting until the first snapshot', () => {
    const state = run(connected);
    expect(displayStatus(state)).toBe('connecting');
    expect(needsSnapshot(state)).toBe(true);
    expect(needsSnapshot(initialConsoleState)).toBe(false); // not connected yet
  });

  it('recovers from a gap with the next snapshot, then keeps applying events', () => {
    const state = run(
      connected,
      snap(),
      ev({ type: 'callQueued', sequence: 13, card: card('c') }), // gap: 11 and 12 missed
      ev({ type: 'callQueued', sequence: 14, card: card('d') }), // arrives while waiting
      snap(snapshot({ sequences: { queue: 13, presence: 20, personal: 30 }, queue: [card('a'), card('b'), card('c')] })),
      ev({ type: 'callRemoved', sequence: 15, callId: 'a' }),
    );
    expect(state.sync).toBe('live');
    expect(state.queue.map((c) => c.callId).sort()).toEqual(['b', 'c', 'd']);
    expect(state.sequences.queue).toBe(15);
  });

  it('asks again when the replay itself shows a gap (the snapshot was older than the buffer)', () => {
    const state = run(
      connected,
      snap(),
      ev({ type: 'callQueued', sequence: 13, card: card('c') }),
      snap(snapshot({ sequences: { queue: 11, presence: 20, personal: 30 } })), // still misses 12
    );
    expect(state.sync).toBe('resync');
    expect(state.pending.map((e) => e.sequence)).toEqual([13]);
  });

  it('needs a snapshot after a reconnect, and drops what was buffered before it', () => {
    let state = run(connected, snap());
    state = consoleReducer(state, { type: 'connection', status: 'reconnecting' });
    expect(displayStatus(state)).toBe('reconnecting');
    expect(needsSnapshot(state)).toBe(false);
    state = consoleReducer(state, connected);
    expect(state.sync).toBe('resync');
    expect(state.resyncReason).toBe('reconnected');
    expect(displayStatus(state)).toBe('resyncing');
    expect(needsSnapshot(state)).toBe(true);
    state = consoleReducer(state, snap(snapshot({ queue: [] })));
    expect(displayStatus(state)).toBe('connected');
    expect(state.queue).toEqual([]);
  });

  it('shows a lost connection', () => {
    const state = run(connected, snap(), { type: 'connection', status: 'disconnected' });
    expect(displayStatus(state)).toBe('disconnected');
    expect(needsSnapshot(state)).toBe(false);
  });

  it('resyncs on request', () => {
    const state = run(connected, snap(), { type: 'resyncRequested' });
    expect(state.sync).toBe('resync');
    expect(state.resyncReason).toBe('requested');
  });

  it('keeps a bounded buffer', () => {
    let state = run(connected);
    for (let i = 1; i <= maxPendingEvents + 5; i++) {
      state = consoleReducer(state, ev({ type: 'callRemoved', sequence: i, callId: `x${i}` }));
    }
    expect(state.pending).toHaveLength(maxPendingEvents);
    expect(state.pending[0]?.sequence).toBe(6);
  });
});
