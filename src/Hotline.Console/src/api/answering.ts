// Where a counsellor hears callers (src/Hotline.Server/LiveConsole/Answering.cs): the browser, or their
// own phone. The number is sent once and never comes back (only whether one is set).

import { api, type ApiResult, call, type Schemas } from './client';

export type AnswerMode = Schemas['AnswerMode'];
export type AnsweringSettings = Schemas['AnsweringSettings'];

/** The counsellor's setting (404: the server has none to give, not a counsellor yet). */
export function getAnswering(): Promise<ApiResult<AnsweringSettings>> {
  return call(api.GET('/api/console/answering'));
}

/** Saved, or refused: 400 with field errors (the phone number), another status for anything else. */
export function saveAnswering(mode: AnswerMode, phoneNumber: string | null): Promise<ApiResult<void>> {
  return call(api.PUT('/api/console/answering', { body: { mode, phoneNumber } }));
}
