// Routing advice before the outcome is chosen: as soon as the place is known, what routing (POST
// /api/directory/routing, the same rules as the send) decides for each referral outcome, and which one it recommends.
// Pure apart from the requests, so the choice is tested offline.

import { api, call } from '../api/client';
import type { ApiResult, RoutingDecision, RoutingReasonCode, TriageOutcome } from './api';

export type ReferralOutcome = Extract<TriageOutcome, 'ReferToDepartementalCell' | 'ReferToCommuneCell' | 'ReferToChildProtection'>;

/** Where the place is, as saved (server-checked codes only). */
export interface AdvicePlace {
  communeCode: string | null;
  departementCode: string | null;
  postalCode: string | null;
}

export interface Advice {
  /** Where each referral outcome would go now. */
  decisions: Partial<Record<ReferralOutcome, RoutingDecision>>;
  recommended: ReferralOutcome;
}

/** A commune cell that the line may send to directly is the family's nearest help; otherwise the departmental cell. */
const directToCommuneCell: readonly RoutingReasonCode[] = ['CommuneCell', 'CommuneCellViaCity'];

export function placeKnown(place: AdvicePlace): boolean {
  return place.communeCode !== null || place.departementCode !== null;
}

export function recommend(decisions: Advice['decisions']): ReferralOutcome {
  const communeCell = decisions.ReferToCommuneCell;
  return communeCell && directToCommuneCell.includes(communeCell.reasonCode) ? 'ReferToCommuneCell' : 'ReferToDepartementalCell';
}

function decide(intent: ReferralOutcome, place: AdvicePlace): Promise<ApiResult<RoutingDecision>> {
  return call(api.POST('/api/directory/routing', { body: { intent, ...place, purpose: null } }));
}

/** The decisions for the cells (and the CRIP when the person is a minor); null when routing could not be asked. */
export async function adviseRouting(place: AdvicePlace, minor: boolean): Promise<Advice | null> {
  const outcomes: ReferralOutcome[] = minor
    ? ['ReferToCommuneCell', 'ReferToDepartementalCell', 'ReferToChildProtection']
    : ['ReferToCommuneCell', 'ReferToDepartementalCell'];
  const results = await Promise.all(outcomes.map((outcome) => decide(outcome, place)));
  const decisions: Advice['decisions'] = {};
  for (const [index, result] of results.entries()) {
    if (!result.ok) {
      return null;
    }
    decisions[outcomes[index]!] = result.data;
  }
  return { decisions, recommended: recommend(decisions) };
}
