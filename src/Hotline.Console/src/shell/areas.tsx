// The signed-in areas, in the order of the navigation. Each says who sees it and what it shows;
// the server enforces the same roles on every request (this list only decides what is offered).

import type { ReactNode } from 'react';
import { AccountArea, UsersArea } from '../accounts';
import { AuditArea, canReadCompliance, DirectoryArea, isAdmin, RegisterArea } from '../admin';
import { type CurrentUser, canUseConsole } from '../api/contract';
import { ConsoleArea } from '../components';
import type { Messages } from '../i18n/fr';
import { canReadReferrals, ReferralsArea } from '../referrals';
import type { Route } from '../routing/route';
import { canReadStatistics, StatisticsArea } from '../statistics';

export interface Area {
  /** The hash path ("console", "admin/users"). */
  path: string;
  label: (m: Messages) => string;
  visible: (user: CurrentUser) => boolean;
  render: (route: Route, user: CurrentUser) => ReactNode;
}

export const areas: readonly Area[] = [
  { path: 'console', label: (m) => m.nav.console, visible: canUseConsole, render: (route) => <ConsoleArea route={route} /> },
  { path: 'referrals', label: (m) => m.referrals.nav, visible: canReadReferrals, render: (route) => <ReferralsArea route={route} /> },
  { path: 'admin/directory', label: (m) => m.directory.nav, visible: isAdmin, render: (route) => <DirectoryArea route={route} /> },
  { path: 'admin/audit', label: (m) => m.audit.nav, visible: canReadCompliance, render: (route, user) => <AuditArea route={route} admin={isAdmin(user)} /> },
  { path: 'admin/register', label: (m) => m.register.nav, visible: canReadCompliance, render: () => <RegisterArea /> },
  { path: 'admin/users', label: (m) => m.accounts.nav.users, visible: isAdmin, render: () => <UsersArea /> },
  // After each role's own work (the console, the inbox, the administration): never the landing area.
  { path: 'statistics', label: (m) => m.statistics.nav, visible: canReadStatistics, render: (route, user) => <StatisticsArea route={route} user={user} /> },
  { path: 'account', label: (m) => m.accounts.nav.account, visible: () => true, render: () => <AccountArea /> },
];

export function visibleAreas(user: CurrentUser): Area[] {
  return areas.filter((area) => area.visible(user));
}
