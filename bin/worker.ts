/**
 * `actorlops worker`: checks the command-line options (pure) and hands them to the runtime's
 * `runWorker`, loaded lazily so the CLI works in builds without worker support.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CliError, NotBuiltError } from './errors.ts';

/** Options as commander gives them. */
export interface WorkerFlags {
  servers: string;
  cluster: string;
  name?: string;
  token?: string;
  user?: string;
  pass?: string;
  creds?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
}

/** What `runWorker` takes (the subset the CLI sets). */
export interface WorkerRunOptions {
  servers: string[];
  cluster: string;
  actor?: string;
  token?: string;
  user?: string;
  pass?: string;
  creds?: string;
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
}

interface WorkerModule {
  runWorker(opts: WorkerRunOptions): Promise<{ actor: string; stopped: Promise<void>; stop(): Promise<void> }>;
}

/** One subject token: what NATS subjects `lops.<cluster>.ctl.<actor>` allow. */
const TOKEN = /^[A-Za-z0-9_-]+$/;

/** Server URLs: `nats://host:port`, `tls://...`, `ws(s)://...`, or `host:port` (taken as nats://). */
export function parseServers(list: string): string[] {
  const urls = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (urls.length === 0) throw new CliError('--servers', 'one or more NATS URLs separated by commas', list);
  return urls.map((raw) => {
    const withScheme = /^[a-z]+:\/\//i.test(raw) ? raw : `nats://${raw}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      throw new CliError('--servers', 'NATS URLs like nats://host:4222', raw);
    }
    if (!['nats:', 'tls:', 'ws:', 'wss:'].includes(url.protocol) || !url.hostname) throw new CliError('--servers', 'NATS URLs like nats://host:4222', raw);
    return withScheme;
  });
}

/** Validates the worker flags and maps them onto runWorker's options. */
export function workerOptions(f: WorkerFlags): WorkerRunOptions {
  const servers = parseServers(f.servers);
  if (!TOKEN.test(f.cluster)) throw new CliError('--cluster', 'a name of letters, digits, `_` or `-`', f.cluster);
  if (f.name !== undefined && !TOKEN.test(f.name)) throw new CliError('--name', 'an id of letters, digits, `_` or `-`', f.name);
  const kinds = [f.token !== undefined, f.user !== undefined || f.pass !== undefined, f.creds !== undefined].filter(Boolean).length;
  if (kinds > 1) throw new CliError('--token/--user/--creds', 'only one way to authenticate', 'several');
  if ((f.user === undefined) !== (f.pass === undefined)) throw new CliError('--user/--pass', 'given together', f.user === undefined ? '--pass alone' : '--user alone');
  if (f.creds !== undefined && !existsSync(f.creds)) throw new CliError('--creds', 'an existing .creds file', f.creds);
  const o: WorkerRunOptions = { servers, cluster: f.cluster };
  if (f.name !== undefined) o.actor = f.name;
  for (const k of ['token', 'user', 'pass', 'creds'] as const) if (f[k] !== undefined) o[k] = f[k];
  const tls = tlsOptions(f);
  if (tls) o.tls = tls;
  return o;
}

/** `--tls-ca/--tls-cert/--tls-key` as the transport's TLS files; a client certificate needs its key. */
function tlsOptions(f: WorkerFlags): WorkerRunOptions['tls'] {
  const files = { caFile: f.tlsCa, certFile: f.tlsCert, keyFile: f.tlsKey };
  const flags = { caFile: '--tls-ca', certFile: '--tls-cert', keyFile: '--tls-key' } as const;
  for (const k of ['caFile', 'certFile', 'keyFile'] as const) {
    if (files[k] !== undefined && !existsSync(files[k]!)) throw new CliError(flags[k], 'an existing PEM file', files[k]!);
  }
  if ((f.tlsCert === undefined) !== (f.tlsKey === undefined)) throw new CliError('--tls-cert/--tls-key', 'given together', f.tlsCert === undefined ? '--tls-key alone' : '--tls-cert alone');
  if (Object.values(files).every((v) => v === undefined)) return undefined;
  return Object.fromEntries(Object.entries(files).filter(([, v]) => v !== undefined));
}

/** `nats://user:secret@host:4222` -> `nats://host:4222`, for messages. */
export function redactUrl(u: string): string {
  return u.replace(/\/\/[^@/]*@/, '//');
}

/** The runtime's worker implementation, loaded only when `worker` runs. */
export const WORKER_MODULE = new URL('../actors/worker.ts', import.meta.url);

/** Joins the cluster and runs until SIGINT/SIGTERM. */
export async function runWorkerCommand(flags: WorkerFlags, log: (s: string) => void, modulePath = WORKER_MODULE): Promise<void> {
  const opts = workerOptions(flags);
  const path = fileURLToPath(modulePath);
  if (!existsSync(path)) throw new NotBuiltError('worker', path);
  const mod = (await import(modulePath.href)) as WorkerModule;
  const w = await mod.runWorker(opts);
  log(`worker ${w.actor} joined cluster ${opts.cluster} via ${opts.servers.map(redactUrl).join(',')} (pid ${process.pid}); Ctrl-C to stop`);
  await w.stopped;
  log(`worker ${w.actor} stopped`);
}
