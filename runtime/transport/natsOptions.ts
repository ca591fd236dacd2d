/**
 * Options of {@link NatsTransport} and their translation into the NATS client's connection options.
 * Credentials given here never reach a log line (see runtime/log.ts for the redaction paths).
 */
import { readFileSync } from 'node:fs';
import {
  type Authenticator,
  credsAuthenticator,
  type NodeConnectionOptions,
  nkeyAuthenticator,
  tokenAuthenticator,
  usernamePasswordAuthenticator,
} from '@nats-io/transport-node';
import type { Message } from './types.ts';

/** TLS settings passed through to the client (Node TLS; files or PEM strings). */
export interface NatsTlsOptions {
  caFile?: string;
  ca?: string;
  certFile?: string;
  cert?: string;
  keyFile?: string;
  key?: string;
  rejectUnauthorized?: boolean;
}

export interface NatsTransportOptions {
  /** One URL or a list, e.g. `nats://127.0.0.1:4222`. */
  servers: string | string[];
  /** Connection name shown by the server's monitoring. @defaultValue 'actorlops' */
  name?: string;
  token?: string;
  user?: string;
  pass?: string;
  /** An nkey seed (`SU...`), as a string or its bytes. */
  nkeySeed?: string | Uint8Array;
  /** A `.creds` file path, or its contents as bytes. */
  creds?: string | Uint8Array;
  tls?: NatsTlsOptions;
  /** Milliseconds between reconnect attempts. @defaultValue 250 */
  reconnectTimeWait?: number;
  /** Reconnect attempts per server; -1 for ever. @defaultValue -1 */
  maxReconnectAttempts?: number;
  /** Keep trying when no server is up at the first connect. @defaultValue false */
  waitOnFirstConnect?: boolean;
  /** Milliseconds to wait for the first connection. @defaultValue 5000 */
  connectTimeout?: number;
  /** Milliseconds between client pings (how fast a dead server is noticed). @defaultValue 20000 */
  pingInterval?: number;
  /** Try the servers in the given order (first = preferred) instead of a random one. @defaultValue false */
  noRandomize?: boolean;
  /** Called when a handler throws. @defaultValue rethrows in a fresh task (an uncaught exception) */
  onHandlerError?: (error: unknown, msg: Message) => void;
}

export const natsDefaults = {
  name: 'actorlops',
  reconnectTimeWait: 250,
  maxReconnectAttempts: -1,
  waitOnFirstConnect: false,
  connectTimeout: 5000,
  pingInterval: 20_000,
} as const;

const encoder = new TextEncoder();

function authenticators(o: NatsTransportOptions): Authenticator[] {
  const out: Authenticator[] = [];
  if (o.token !== undefined) out.push(tokenAuthenticator(o.token));
  if (o.user !== undefined) out.push(usernamePasswordAuthenticator(o.user, o.pass));
  if (o.nkeySeed !== undefined) {
    out.push(nkeyAuthenticator(typeof o.nkeySeed === 'string' ? encoder.encode(o.nkeySeed) : o.nkeySeed));
  }
  if (o.creds !== undefined) {
    out.push(credsAuthenticator(typeof o.creds === 'string' ? readFileSync(o.creds) : o.creds));
  }
  return out;
}

/** The client's connection options for ours (defaults applied). */
export function toConnectionOptions(options: NatsTransportOptions): NodeConnectionOptions {
  const o = { ...natsDefaults, ...options };
  const auth = authenticators(o);
  return {
    servers: o.servers,
    name: o.name,
    reconnect: true,
    reconnectTimeWait: o.reconnectTimeWait,
    maxReconnectAttempts: o.maxReconnectAttempts,
    waitOnFirstConnect: o.waitOnFirstConnect,
    timeout: o.connectTimeout,
    pingInterval: o.pingInterval,
    ...(o.noRandomize ? { noRandomize: true } : {}),
    ...(auth.length > 0 ? { authenticator: auth } : {}),
    ...(o.tls ? { tls: { ...o.tls } } : {}),
  };
}
