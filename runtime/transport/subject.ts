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

/**
 * Checks a subject to publish to, as `parseSubject(subject, false)` but without allocating: one pass
 * over the characters for the common ASCII case; anything unusual goes to parseSubject for its error.
 */
export function checkLiteral(subject: string): void {
  if (typeof subject !== 'string' || !isPlainLiteral(subject)) parseSubject(subject, false);
}

function isPlainLiteral(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? s.charCodeAt(i) : 46; // a '.' after the end closes the last token
    if (c === 46) {
      const len = i - start;
      if (len === 0) return false;
      if (len === 1 && (s.charCodeAt(start) === 42 || s.charCodeAt(start) === 62)) return false; // '*' or '>'
      start = i + 1;
    } else if (c <= 32 || c >= 127) return false; // whitespace, control or non-ASCII: let parseSubject judge
  }
  return true;
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
