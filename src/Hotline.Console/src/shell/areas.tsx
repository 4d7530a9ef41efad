// The signed-in areas, in the order of the navigation. Each says who sees it and what it shows;
// the server enforces the same roles on every request (this list only decides what is offered).

import type { ReactNode } from 'react';
import { type CurrentUser, canUseConsole } from '../api/contract';
import { ConsoleArea } from '../components/ConsoleApp';
import type { Messages } from '../i18n/fr';
import { canReadReferrals } from '../referrals/referralApi';
import { ReferralsArea } from '../referrals/ReferralsArea';
import type { Route } from './route';

export interface Area {
  /** The hash path ("console", "admin/users"). */
  path: string;
  label: (m: Messages) => string;
  visible: (user: CurrentUser) => boolean;
  render: (route: Route) => ReactNode;
}

export const areas: readonly Area[] = [
  { path: 'console', label: (m) => m.nav.console, visible: canUseConsole, render: (route) => <ConsoleArea route={route} /> },
  { path: 'referrals', label: (m) => m.referrals.nav, visible: canReadReferrals, render: (route) => <ReferralsArea route={route} /> },
];

export function visibleAreas(user: CurrentUser): Area[] {
  return areas.filter((area) => area.visible(user));
}
