import type { ReactNode } from 'react';
import type { CurrentUser } from '../api/contract';
import { useI18n } from '../i18n/i18n';
import { LanguageSwitch } from './LanguageSwitch';

export function roleText(user: CurrentUser, roleNames: Record<string, string>): string {
  return user.roles.map((role) => roleNames[role] ?? role).join(', ');
}

/** The banner: brand, what the page adds (connection, presence), the user, language and sign-out. */
export function Header({ user, onLogout, children }: { user: CurrentUser; onLogout: () => void; children?: ReactNode }) {
  const { m } = useI18n();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        {m.app.skipToContent}
      </a>
      <p className="app-header__brand">{m.app.name}</p>
      <div className="app-header__live">{children}</div>
      <div className="app-header__user">
        <p className="user">
          <span className="visually-hidden">{m.header.signedInAs} </span>
          <span className="user__name">{user.displayName || user.userName}</span>
          <span className="user__roles">
            <span className="visually-hidden">{m.header.roles} : </span>
            {roleText(user, m.header.roleNames)}
          </span>
        </p>
        <LanguageSwitch tone="dark" />
        <button type="button" className="button button--small button--on-dark" onClick={onLogout}>
          {m.header.logout}
        </button>
      </div>
    </header>
  );
}
