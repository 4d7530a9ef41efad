import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import type { Messages } from '../i18n/fr';
import { useConsole, useConsoleState } from '../realtime';
import { canReadReferrals } from '../referrals';
import { href } from '../routing/route';
import type { ShownNotice } from '../state';

/** How long a toast stays unless the pointer or focus is on it. */
const visibleMs = 10_000;

export function noticeText(notice: ShownNotice, m: Messages): string {
  const reason = notice.detail ? m.notices.reasons[notice.detail] : undefined;
  if (reason) {
    return reason;
  }
  const text = m.notices.codes[notice.code] ?? m.notices.unknown(notice.code);
  return notice.detail ? `${text} (${notice.detail})` : text;
}

/** Toasts in a polite live region: announced without interrupting, dismissable, paused on hover or focus. */
export function Notices() {
  const { m } = useI18n();
  const { notices } = useConsoleState();
  return (
    <section className="toasts" aria-label={m.notices.region}>
      <ul aria-live="polite" aria-relevant="additions" className="toasts__list">
        {notices.map((notice) => (
          <Toast key={notice.id} notice={notice} />
        ))}
      </ul>
    </section>
  );
}

function Toast({ notice }: { notice: ShownNotice }) {
  const { m } = useI18n();
  const { store, user } = useConsole();
  const [paused, setPaused] = useState(false);
  const dismiss = () => store.dispatch({ type: 'noticeDismissed', id: notice.id });

  useEffect(() => {
    if (paused) {
      return;
    }
    const timer = setTimeout(() => store.dispatch({ type: 'noticeDismissed', id: notice.id }), visibleMs);
    return () => clearTimeout(timer);
  }, [paused, notice.id, store]);

  return (
    <li
      className="toast"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={() => setPaused(false)}
    >
      <p className="toast__text">
        {noticeText(notice, m)}
        {/* An overdue referral: open it (supervisors see every referral; others never get these alerts). */}
        {notice.referralId && canReadReferrals(user) ? (
          <>
            {' '}
            <a className="toast__link" href={href('referrals', notice.referralId)}>
              {m.referrals.alertLink}
            </a>
          </>
        ) : null}
      </p>
      <button type="button" className="toast__close" onClick={dismiss} aria-label={m.notices.dismiss}>
        <span aria-hidden="true">×</span>
      </button>
    </li>
  );
}
