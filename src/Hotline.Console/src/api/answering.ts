// Where a counsellor hears callers (src/Hotline.Server/LiveConsole/Answering.cs): the browser, or their
// own phone. The number is sent once and never comes back (only whether one is set).

import { apiFetch } from './http';

export type AnswerMode = 'Browser' | 'Phone';

export interface AnsweringSettings {
  mode: AnswerMode;
  phoneNumberSet: boolean;
}

export const answeringUrl = '/api/console/answering';

/** The counsellor's setting, or null when the server has none to give (not a counsellor yet). */
export async function getAnswering(): Promise<AnsweringSettings | null> {
  const response = await fetch(answeringUrl, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    return null;
  }
  return (await response.json()) as AnsweringSettings;
}

export type SaveAnsweringResult = 'saved' | 'invalidPhone' | 'failed';

export async function saveAnswering(mode: AnswerMode, phoneNumber: string | null): Promise<SaveAnsweringResult> {
  try {
    const response = await apiFetch(answeringUrl, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ mode, phoneNumber }),
    });
    if (response.ok) {
      return 'saved';
    }
    return response.status === 400 ? 'invalidPhone' : 'failed';
  } catch {
    return 'failed';
  }
}

/** What the server accepts (E.164 after removing spaces): checked here first to say so at once. */
export function isInternationalNumber(phoneNumber: string): boolean {
  return /^\+[1-9][0-9]{6,14}$/.test(phoneNumber.replace(/ /g, ''));
}
