import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import type { RoutingDecision, TriageOutcome } from './api';
import { type Advice, type AdvicePlace, adviseRouting, placeKnown, type ReferralOutcome } from './advice';
import { shortServiceName } from './serviceNames';

/**
 * What routing recommends for the saved place, asked again when the place (or "minor") changes; null while the
 * place is unknown or routing cannot be asked (the decision after the choice still shows).
 */
export function useRoutingAdvice(place: AdvicePlace, minor: boolean): Advice | null {
  const key = JSON.stringify([place.communeCode, place.departementCode, place.postalCode, minor]);
  const [answer, setAnswer] = useState<{ key: string; advice: Advice | null } | null>(null);
  const { communeCode, departementCode, postalCode } = place;
  useEffect(() => {
    const asked = { communeCode, departementCode, postalCode };
    if (!placeKnown(asked)) {
      return;
    }
    let cancelled = false;
    void adviseRouting(asked, minor).then((advice) => {
      if (!cancelled) {
        setAnswer({ key, advice });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [key, communeCode, departementCode, postalCode, minor]);
  return placeKnown(place) && answer?.key === key ? answer.advice : null;
}

function serviceName(decision: RoutingDecision, nationalTeam: string): string {
  return decision.service ? shortServiceName(decision.service.name) : nationalTeam;
}

/** "Recommandé : CMER de Tarascon — charte de transmission directe": one line, one reason. */
export function AdviceLine({ advice }: { advice: Advice }) {
  const { m } = useI18n();
  const decision = advice.decisions[advice.recommended];
  if (!decision) {
    return null;
  }
  return (
    <p className="triage__advice" data-testid="routing-advice">
      {m.triage.advice.recommended(serviceName(decision, m.triage.routing.kinds.NationalTeam), m.triage.advice.reasons[decision.reasonCode])}
    </p>
  );
}

/** Where an outcome button would send the family ("→ Préfecture des Bouches-du-Rhône"), for the referral outcomes. */
export function Destination({ advice, outcome }: { advice: Advice | null; outcome: TriageOutcome }) {
  const { m } = useI18n();
  const decision = advice?.decisions[outcome as ReferralOutcome];
  return decision ? (
    <span className="triage__destination">{m.triage.advice.goesTo(serviceName(decision, m.triage.routing.kinds.NationalTeam))}</span>
  ) : null;
}
