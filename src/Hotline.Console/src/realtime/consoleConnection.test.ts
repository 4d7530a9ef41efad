import { HttpError } from '@microsoft/signalr';
import { describe, expect, it } from 'vitest';
import { hubErrorMessage, isAuthFailure } from './consoleConnection';

describe('connection errors', () => {
  it('recognises a refused session, as SignalR reports it', () => {
    expect(isAuthFailure(new HttpError('Unauthorized', 401))).toBe(true);
    // What HttpConnection rejects with (FailedToNegotiateWithServerError, not exported): the status is in the message.
    const negotiate = new Error("Failed to complete negotiation with the server: Error: Unauthorized: Status code '401'");
    expect(isAuthFailure(negotiate)).toBe(true);
    expect(isAuthFailure(new Error('WebSocket closed with status code: 1006'))).toBe(false);
    expect(isAuthFailure(new HttpError('Bad gateway', 502))).toBe(false);
    expect(isAuthFailure(undefined)).toBe(false);
  });

  it('keeps the server reason of a HubException', () => {
    expect(hubErrorMessage(new Error("An unexpected error occurred invoking 'AssignCall' on the server. HubException: not available"))).toBe(
      'not available',
    );
    expect(hubErrorMessage(new Error('Invocation canceled due to the underlying connection being closed.'))).toBeNull();
  });
});
