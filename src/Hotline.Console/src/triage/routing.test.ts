import { describe, expect, it } from 'vitest';
import type { ReferralPreview, ReferralReceipt, RoutedService, RoutingView } from './api';
import { canSend, initialRoutingState, offered, type RoutingAction, routingReducer, type RoutingState } from './routing';

const cell: RoutedService = { id: 'svc-tarascon', name: 'CMER de Tarascon', kind: 'CommuneCell' };
const departmental: RoutedService = { id: 'svc-13', name: 'Cellule départementale des Bouches-du-Rhône', kind: 'DepartementalCell' };

function routing(service = cell, requiresTransferBasis = service.kind === 'CommuneCell'): RoutingView {
  return {
    decision: {
      outcome: 'Routed',
      reasonCode: service.kind === 'CommuneCell' ? 'CommuneCell' : 'NoCommuneCell',
      reason: `Tarascon (13108) a une cellule municipale (CMER) → ${service.name}`,
      service,
      communeCode: '13108',
      communeName: 'Tarascon',
      departementCode: '13',
      departementName: 'Bouches-du-Rhône',
      cogYear: 2026,
    },
    canSend: true,
    requiresTransferBasis,
    purposes: [{ code: 'examen-situation-cmer', label: 'Examen de la situation' }],
    legalBases: [{ code: 'prevention-delinquance', label: 'Mission de prévention' }],
    sent: null,
    deadline: null,
  };
}

const receipt: ReferralReceipt = {
  referral: {
    id: 'ref-1',
    reference: '2026-000001',
    senderName: 'Ligne nationale d’écoute',
    ageBand: null,
    callId: 'call-1',
    state: 'Sent',
    serviceId: cell.id,
    serviceName: cell.name,
    serviceKind: 'CommuneCell',
    departementCode: '13',
    departementName: 'Bouches-du-Rhône',
    communeCode: '13108',
    communeName: 'Tarascon',
    urgency: 'concern',
    urgent: false,
    sentAt: '2026-11-27T10:00:00+00:00',
    acknowledgeBy: '2026-12-01T10:00:00+00:00',
    overdue: false,
    previousReferralId: null,
    redirectedToId: null,
    version: 1,
  },
  reasonCode: 'CommuneCell',
  routingReason: 'Tarascon (13108) a une cellule municipale (CMER) → CMER de Tarascon',
  purpose: { code: 'examen-situation-cmer', label: 'Examen de la situation' },
  legalBasis: { code: 'prevention-delinquance', label: 'Mission de prévention' },
  feedback: null,
};

const run = (...actions: RoutingAction[]): RoutingState => actions.reduce(routingReducer, initialRoutingState);

describe('routing view', () => {
  it('shows the decision once loaded, and sending needs the commune cell’s purpose and legal basis', () => {
    const ready = run({ type: 'load' }, { type: 'loaded', routing: routing() });
    expect(ready).toEqual(expect.objectContaining({ phase: 'ready', changedFrom: null }));
    expect(canSend(ready, '', '')).toBe(false);
    expect(canSend(ready, 'examen-situation-cmer', '')).toBe(false);
    expect(canSend(ready, 'examen-situation-cmer', 'prevention-delinquance')).toBe(true);

    const departmentalReady = run({ type: 'load' }, { type: 'loaded', routing: routing(departmental) });
    expect(canSend(departmentalReady, '', '')).toBe(true);
  });

  it('cannot send while loading, waiting for a save, or without a service', () => {
    expect(canSend(run({ type: 'load' }), 'p', 'l')).toBe(false);
    expect(canSend(run({ type: 'load' }, { type: 'loaded', routing: routing() }, { type: 'stale' }), 'p', 'l')).toBe(false);
    const none = { ...routing(), canSend: false, decision: { ...routing().decision, service: null, outcome: 'NationalTeamMustChoose' as const } };
    const state = run({ type: 'load' }, { type: 'loaded', routing: none });
    expect(canSend(state, 'p', 'l')).toBe(false);
    expect(routingReducer(state, { type: 'send' })).toBe(state);
  });

  it('keeps the last decision visible (dimmed) while the triage is being saved again', () => {
    const shown = routing();
    const waiting = run({ type: 'load' }, { type: 'loaded', routing: shown }, { type: 'stale' });
    expect(waiting).toEqual({ phase: 'waiting', routing: shown });
    expect(routingReducer(waiting, { type: 'load' })).toEqual({ phase: 'loading', routing: shown, changedFrom: null });
  });

  it('after sending shows the receipt, and says when the server had already sent it', () => {
    const sending = run({ type: 'load' }, { type: 'loaded', routing: routing() }, { type: 'send' });
    expect(sending.phase).toBe('sending');
    // A second click while sending changes nothing.
    expect(routingReducer(sending, { type: 'send' })).toBe(sending);
    expect(routingReducer(sending, { type: 'sent', receipt, created: true })).toEqual({ phase: 'sent', receipt, again: false });
    expect(routingReducer(sending, { type: 'sent', receipt, created: false })).toEqual({ phase: 'sent', receipt, again: true });
  });

  it('once sent, the receipt stays whatever the triage becomes', () => {
    const sent = run({ type: 'load' }, { type: 'loaded', routing: routing() }, { type: 'send' }, { type: 'sent', receipt, created: true });
    for (const action of [{ type: 'hide' }, { type: 'stale' }, { type: 'load' }, { type: 'loadFailed' }] as RoutingAction[]) {
      expect(routingReducer(sent, action)).toBe(sent);
    }
  });

  it('a reload that finds the referral already sent shows its receipt (page reloaded after sending)', () => {
    expect(run({ type: 'load' }, { type: 'loaded', routing: { ...routing(), sent: receipt } })).toEqual({ phase: 'sent', receipt, again: false });
  });

  it('a 409 reloads the decision and says it changed, naming the service seen before; nothing was sent', () => {
    const conflict = run({ type: 'load' }, { type: 'loaded', routing: routing() }, { type: 'send' }, { type: 'conflict' });
    expect(conflict).toEqual(expect.objectContaining({ phase: 'loading', changedFrom: 'CMER de Tarascon' }));
    const reloaded = routingReducer(routingReducer(conflict, { type: 'load' }), { type: 'loaded', routing: routing(departmental) });
    expect(reloaded).toEqual(expect.objectContaining({ phase: 'ready', changedFrom: 'CMER de Tarascon' }));
    expect(canSend(reloaded, '', '')).toBe(true);

    // The same service after all (the 409 had another cause): no "changed" message.
    const same = routingReducer(conflict, { type: 'loaded', routing: routing() });
    expect(same).toEqual(expect.objectContaining({ phase: 'ready', changedFrom: null }));
  });

  it('refused or failed sending goes back to the decision with the errors, ready to try again', () => {
    const sending = run({ type: 'load' }, { type: 'loaded', routing: routing() }, { type: 'send' });
    const invalid = routingReducer(sending, { type: 'sendInvalid', errors: { purpose: ['Choose the purpose'] } });
    expect(invalid).toEqual(expect.objectContaining({ phase: 'ready', errors: { purpose: ['Choose the purpose'] }, failed: false }));
    const failed = routingReducer(sending, { type: 'sendFailed' });
    expect(failed).toEqual(expect.objectContaining({ phase: 'ready', failed: true }));
    expect(canSend(failed, 'p', 'l')).toBe(true);
  });

  it('hides for an outcome that refers nobody, and says when the decision could not be loaded', () => {
    expect(run({ type: 'load' }, { type: 'loaded', routing: routing() }, { type: 'hide' })).toEqual({ phase: 'hidden' });
    expect(run({ type: 'load' }, { type: 'loadFailed' })).toEqual({ phase: 'unavailable', routing: null });
  });
});

describe('a choice made for another decision', () => {
  it('does not carry over to a service of another kind', () => {
    const view = routing();
    expect(offered(view, 'examen-situation-cmer', 'prevention-delinquance')).toEqual({
      purpose: 'examen-situation-cmer',
      legalBasis: 'prevention-delinquance',
    });
    expect(offered(view, 'accompagnement-famille', 'mission-prevention-prefet')).toEqual({ purpose: '', legalBasis: '' });
  });

  it('Send first previews, then asks one confirmation; cancelling sends nothing; a refused preview names what is missing', () => {
    const preview: ReferralPreview = {
      serviceId: departmental.id,
      serviceName: departmental.name,
      serviceKind: 'DepartementalCell',
      departementCode: '13',
      departementName: 'Bouches-du-Rhône',
      communeCode: '13108',
      communeName: 'Tarascon',
      urgency: 'concern',
      urgent: false,
      acknowledgeBy: '2026-12-01T10:00:00+00:00',
      routingReason: 'Cellule départementale',
      purpose: null,
      legalBasis: null,
      shared: 'Commune, Urgency',
      detailsShared: false,
      situation: null,
    };
    const ready = run({ type: 'load' }, { type: 'loaded', routing: routing(departmental, false) });
    const confirming = [{ type: 'preview' }, { type: 'previewed', preview }].reduce<RoutingState>(
      (state, action) => routingReducer(state, action as RoutingAction),
      ready,
    );
    expect(confirming.phase).toBe('confirming');
    expect(routingReducer(confirming, { type: 'cancel' }).phase).toBe('ready');
    expect(routingReducer(confirming, { type: 'send' }).phase).toBe('sending');

    const missing = { callerRelation: ['Indiquez qui appelle avant d’envoyer.'], urgency: ['Choisissez un niveau d’urgence avant d’envoyer.'] };
    const refused = routingReducer(routingReducer(ready, { type: 'preview' }), { type: 'sendInvalid', errors: missing });
    expect(refused).toMatchObject({ phase: 'ready', errors: missing });
  });

  it('a recalled receipt gives way to the routing again (send the corrected triage); nothing else does', () => {
    const sent = run({ type: 'load' }, { type: 'loaded', routing: routing() }, { type: 'send' }, { type: 'sent', receipt, created: true });
    expect(routingReducer(sent, { type: 'load' })).toBe(sent);
    const again = routingReducer(sent, { type: 'sendAgain' });
    expect(again).toEqual({ phase: 'loading', routing: null, changedFrom: null });
    expect(routingReducer(again, { type: 'loaded', routing: routing() }).phase).toBe('ready');
  });
});
