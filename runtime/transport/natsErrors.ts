/**
 * Maps errors of the NATS client to the typed errors of types.ts, keeping the original as `cause`.
 * Only this folder knows the client's error classes.
 */
import { errors } from '@nats-io/transport-node';
import {
  InvalidSubjectError,
  NoRespondersError,
  PayloadTooLargeError,
  RequestTimeoutError,
  TransportClosedError,
  TransportError,
} from './types.ts';

/** What was being done when the client failed (for the fields of the typed error). */
export interface ErrorContext {
  subject?: string;
  timeout?: number;
  byteLength?: number;
  maxPayload?: number;
}

export function mapNatsError(error: unknown, ctx: ErrorContext = {}): Error {
  const subject = ctx.subject ?? '';
  const cause = { cause: error };
  if (error instanceof errors.NoRespondersError) return new NoRespondersError(subject, cause);
  if (error instanceof errors.RequestError && error.isNoResponders()) return new NoRespondersError(subject, cause);
  if (error instanceof errors.TimeoutError) return new RequestTimeoutError(subject, ctx.timeout ?? 0, cause);
  if (error instanceof errors.ClosedConnectionError || error instanceof errors.DrainingConnectionError) {
    return new TransportClosedError(cause);
  }
  if (error instanceof errors.InvalidSubjectError) return new InvalidSubjectError(subject, 'a valid NATS subject');
  if (error instanceof errors.InvalidArgumentError && /max_payload/.test(error.message)) {
    return new PayloadTooLargeError(subject, ctx.byteLength ?? -1, ctx.maxPayload ?? -1, cause);
  }
  if (error instanceof TransportError || error instanceof TransportClosedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TransportError(`NATS error${subject ? ` on ${subject}` : ''}: ${message}`, cause);
}
