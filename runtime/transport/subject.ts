/**
 * NATS subject syntax and matching, shared by the in-process bus and the NATS transport.
 *
 * A subject is a list of non-empty tokens separated by `.`, without whitespace. In a subscription,
 * `*` matches exactly one token and `>` (only as the last token) matches one or more trailing tokens:
 * `a.*.c` matches `a.b.c`; `a.>` matches `a.b` and `a.b.c` but not `a`.
 */
import { InvalidSubjectError } from './types.ts';

const BAD_CHAR = /[\s]/;

/** Splits and checks a subject; `wildcards` allows `*` and a trailing `>` (subscriptions only). */
export function parseSubject(subject: string, wildcards: boolean): string[] {
  if (typeof subject !== 'string' || subject.length === 0) {
    throw new InvalidSubjectError(subject, 'a non-empty string');
  }
  if (BAD_CHAR.test(subject)) throw new InvalidSubjectError(subject, 'free of whitespace');
  const tokens = subject.split('.');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.length === 0) throw new InvalidSubjectError(subject, 'made of non-empty tokens separated by `.`');
    const wild = t === '*' || t === '>';
    if (wild && !wildcards) throw new InvalidSubjectError(subject, 'a literal subject (no `*` or `>`) to publish to');
    if (t === '>' && i !== tokens.length - 1) throw new InvalidSubjectError(subject, 'using `>` only as the last token');
  }
  return tokens;
}

/** True when the subject contains a `*` or `>` token. */
export function hasWildcard(tokens: readonly string[]): boolean {
  return tokens.some((t) => t === '*' || t === '>');
}

/** Does the literal subject (as tokens) match the subscription pattern (as tokens)? */
export function matchTokens(pattern: readonly string[], subject: readonly string[]): boolean {
  const n = pattern.length;
  for (let i = 0; i < n; i++) {
    const p = pattern[i]!;
    if (p === '>') return subject.length > i; // one or more remaining tokens
    if (i >= subject.length) return false;
    if (p !== '*' && p !== subject[i]) return false;
  }
  return subject.length === n;
}
