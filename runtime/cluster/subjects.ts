/**
 * The subjects of the actorlops protocol, with fixed token positions:
 *
 * | subject | carries |
 * |---|---|
 * | `lops.<cluster>.ctl.<actor>` | commands to one partition actor (request/reply) |
 * | `lops.<cluster>.halo.<actor>` | halo slabs sent to one actor by its neighbours |
 * | `lops.<cluster>.data.<actor>` | bulk data (chunked frames) sent to one actor or driver |
 * | `lops.<cluster>.red.<op>` | reductions broadcast to a group |
 * | `lops.<cluster>.hb.<actor>` | heartbeats of one actor |
 *
 * `<cluster>` isolates concurrent runs on one server. This module is the only place that builds
 * subject strings; everything else asks it.
 */
import { InvalidParameterError } from '../../operators/core/errors.ts';

export type SubjectKind = 'ctl' | 'halo' | 'data' | 'red' | 'hb';
export const SUBJECT_KINDS: readonly SubjectKind[] = ['ctl', 'halo', 'data', 'red', 'hb'];

/** A subject token: letters, digits, `_` and `-` (no dots, spaces or wildcards). */
const TOKEN = /^[A-Za-z0-9_-]+$/;

/** Throws InvalidParameterError unless `value` can be one subject token. */
export function checkToken(what: string, value: unknown): string {
  if (typeof value !== 'string' || !TOKEN.test(value)) {
    throw new InvalidParameterError('subjects', what, value, 'a non-empty token of letters, digits, `_` or `-`');
  }
  return value;
}

/** `lops.<cluster>.<kind>.<name>`, e.g. `subject('run1', 'ctl', 'w0')`. */
export function subject(cluster: string, kind: SubjectKind, name: string): string {
  return `lops.${checkToken('cluster', cluster)}.${kind}.${checkToken(kind === 'red' ? 'op' : 'actor', name)}`;
}

/** `lops.<cluster>.<kind>.*`: every actor's subject of that kind. */
export function wildcard(cluster: string, kind: SubjectKind): string {
  return `lops.${checkToken('cluster', cluster)}.${kind}.*`;
}

export const ctlSubject = (cluster: string, actor: string) => subject(cluster, 'ctl', actor);
export const haloSubject = (cluster: string, actor: string) => subject(cluster, 'halo', actor);
export const dataSubject = (cluster: string, actor: string) => subject(cluster, 'data', actor);
export const redSubject = (cluster: string, op: string) => subject(cluster, 'red', op);
export const hbSubject = (cluster: string, actor: string) => subject(cluster, 'hb', actor);

/** The parts of a protocol subject, or undefined when `s` is not one. */
export function parseSubject(s: string): { cluster: string; kind: SubjectKind; name: string } | undefined {
  const t = s.split('.');
  if (t.length !== 4 || t[0] !== 'lops' || !(SUBJECT_KINDS as readonly string[]).includes(t[2])) return undefined;
  if (!TOKEN.test(t[1]) || !TOKEN.test(t[3])) return undefined;
  return { cluster: t[1], kind: t[2] as SubjectKind, name: t[3] };
}
