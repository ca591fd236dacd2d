/**
 * The few JetStream API calls a checkpoint store needs, as JSON request/reply on `$JS.API.*` over any
 * Transport (JetStream's wire API is plain NATS; no JetStream client package is needed). Works on
 * nats-server 2.9: stream create/info(subjects_filter)/purge(filter), message get by last subject, and
 * publish with a PubAck.
 */
import { NoRespondersError, type Transport } from '../transport/types.ts';
import { JetStreamApiError } from './types.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

interface ApiError {
  error?: { code?: number; err_code?: number; description?: string };
}

/** JetStream's "no message found" error code. */
export const NO_MESSAGE = 10037;

export class JetStreamApi {
  constructor(
    readonly transport: Transport,
    readonly timeout = 5000,
  ) {}

  /** Sends a request, parses the JSON reply, throws JetStreamApiError on `error`. */
  async call<T>(subject: string, body: unknown, api = subject): Promise<T> {
    return this.parse<T>(api, await this.raw(subject, body === undefined ? new Uint8Array(0) : enc.encode(JSON.stringify(body)), api));
  }

  /** Publishes `data` to a stream subject and waits for its PubAck; resolves with the sequence. */
  async publish(subject: string, data: Uint8Array): Promise<number> {
    return (await this.parse<{ seq: number }>('publish', await this.raw(subject, data, 'publish'))).seq;
  }

  /** Creates the stream, or accepts it when it exists with the same config. */
  ensureStream(config: { name: string; subjects: string[] }): Promise<unknown> {
    const full = { storage: 'file', retention: 'limits', max_msgs_per_subject: 1, discard: 'old', num_replicas: 1, ...config };
    return this.call(`$JS.API.STREAM.CREATE.${config.name}`, full, 'STREAM.CREATE');
  }

  /** The last message on `subject`, or undefined when there is none. */
  async lastBySubject(stream: string, subject: string): Promise<{ data: Uint8Array; seq: number; time: string } | undefined> {
    try {
      const r = await this.call<{ message: { data?: string; seq: number; time: string } }>(`$JS.API.STREAM.MSG.GET.${stream}`, { last_by_subj: subject }, 'STREAM.MSG.GET');
      return { data: new Uint8Array(Buffer.from(r.message.data ?? '', 'base64')), seq: r.message.seq, time: r.message.time };
    } catch (e) {
      if (e instanceof JetStreamApiError && e.code === NO_MESSAGE) return undefined;
      throw e;
    }
  }

  /** Subjects with messages in `stream` that match `filter`. */
  async subjects(stream: string, filter: string): Promise<string[]> {
    const r = await this.call<{ state: { subjects?: Record<string, number> } }>(`$JS.API.STREAM.INFO.${stream}`, { subjects_filter: filter }, 'STREAM.INFO');
    return Object.keys(r.state.subjects ?? {});
  }

  /** Removes every message of `stream` on subjects matching `filter`. */
  purge(stream: string, filter: string): Promise<unknown> {
    return this.call(`$JS.API.STREAM.PURGE.${stream}`, { filter }, 'STREAM.PURGE');
  }

  private async raw(subject: string, data: Uint8Array, api: string): Promise<Uint8Array> {
    try {
      return (await this.transport.request(subject, data, { timeout: this.timeout })).data;
    } catch (e) {
      if (e instanceof NoRespondersError) throw new JetStreamApiError(api, undefined, 'no responders: JetStream is not enabled on this server (start it with -js)', { cause: e });
      throw new JetStreamApiError(api, undefined, e instanceof Error ? e.message : String(e), { cause: e });
    }
  }

  private parse<T>(api: string, data: Uint8Array): T {
    const r = JSON.parse(dec.decode(data)) as T & ApiError;
    if (r.error) throw new JetStreamApiError(api, r.error.err_code, r.error.description ?? 'unknown error');
    return r;
  }
}
