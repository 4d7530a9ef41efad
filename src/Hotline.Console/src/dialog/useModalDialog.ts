import { type RefObject, useEffect } from 'react';

/**
 * Shows a native <dialog> as a modal while mounted: the browser makes the rest of the page inert
 * (focus cannot leave the dialog) and puts focus in it; on close, focus returns where it was.
 */
export function useModalDialog(
  ref: RefObject<HTMLDialogElement | null>,
  initialFocus?: RefObject<HTMLElement | null>,
): void {
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) {
      return;
    }
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) {
      dialog.showModal();
    }
    // React's autoFocus runs before the dialog is open, so focus the intended element now.
    initialFocus?.current?.focus();
    return () => {
      if (dialog.open) {
        dialog.close();
      }
      // Back where the user was, unless that element is gone (then the browser chooses).
      if (previous?.isConnected) {
        previous.focus({ preventScroll: true });
      }
    };
  }, [ref, initialFocus]);
}
