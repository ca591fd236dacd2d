/**
 * Test-only operators for the solver tests: a real dense matrix operator, and `denseFromSpec`, which
 * builds the dense matrix of the (1-D, real) specs the solver cases use, so the solver tests do not
 * depend on other operators being finished. `operatorFor` prefers fromSpec once every name in the
 * spec is registered.
 */
import type { FloatArray } from '../../operators/core/dtype.ts';
import { LinearOperator, type Spec } from '../../operators/core/LinearOperator.ts';
import { fromSpec, registeredOperators } from '../../operators/core/spec.ts';

/** y = A x with A an explicit row-major [rows x cols] matrix; adjoint x = A^T y. */
export class DenseMatrix extends LinearOperator {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly A: Float64Array,
    readonly spec: Spec | null = null,
  ) {
    super({ dims: [cols], dimsd: [rows], dtype: 'float64' });
  }
  protected forward(x: FloatArray): FloatArray {
    const y = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      let s = 0;
      for (let j = 0; j < this.cols; j++) s += this.A[i * this.cols + j] * x[j]; // y[i] += A[i,j] x[j]
      y[i] = s;
    }
    return y;
  }
  protected adjoint(y: FloatArray): FloatArray {
    const x = new Float64Array(this.cols);
    for (let i = 0; i < this.rows; i++) for (let j = 0; j < this.cols; j++) x[j] += this.A[i * this.cols + j] * y[i]; // x[j] += A[i,j] y[i]
    return x;
  }
  toSpec(): Spec {
    if (this.spec) return this.spec;
    throw new Error('DenseMatrix without a spec');
  }
}

interface M {
  r: number;
  c: number;
  a: Float64Array;
}
const zeros = (r: number, c: number): M => ({ r, c, a: new Float64Array(r * c) });
const n1 = (dims: unknown) => (Array.isArray(dims) ? (dims as number[]).reduce((p, q) => p * q, 1) : (dims as number));

function derivative(p: Record<string, unknown>, second: boolean): M {
  const n = n1(p.dims);
  const kind = (p.kind as string) ?? 'centered';
  const edge = Boolean(p.edge);
  const m = zeros(n, n);
  const set = (i: number, j: number, v: number) => (m.a[i * n + j] = v);
  for (let i = 0; i < n; i++) {
    if (second) {
      const c = kind === 'forward' ? i + 1 : kind === 'backward' ? i - 1 : i;
      if (c - 1 < 0 || c + 1 >= n) continue;
      [set(i, c - 1, 1), set(i, c, -2), set(i, c + 1, 1)];
    } else if (kind === 'forward' && i < n - 1) [set(i, i, -1), set(i, i + 1, 1)];
    else if (kind === 'backward' && i > 0) [set(i, i - 1, -1), set(i, i, 1)];
    else if (kind === 'centered' && i > 0 && i < n - 1) [set(i, i - 1, -0.5), set(i, i + 1, 0.5)];
  }
  if (edge && kind === 'centered' && !second) [set(0, 0, -1), set(0, 1, 1), set(n - 1, n - 2, -1), set(n - 1, n - 1, 1)];
  if (edge && kind === 'centered' && second) [set(0, 0, 1), set(0, 1, -2), set(0, 2, 1), set(n - 1, n - 3, 1), set(n - 1, n - 2, -2), set(n - 1, n - 1, 1)];
  return m;
}

function matmul(a: M, b: M): M {
  const m = zeros(a.r, b.c);
  for (let i = 0; i < a.r; i++) for (let k = 0; k < a.c; k++) for (let j = 0; j < b.c; j++) m.a[i * b.c + j] += a.a[i * a.c + k] * b.a[k * b.c + j];
  return m;
}
function transpose(a: M): M {
  const m = zeros(a.c, a.r);
  for (let i = 0; i < a.r; i++) for (let j = 0; j < a.c; j++) m.a[j * a.r + i] = a.a[i * a.c + j];
  return m;
}

/** The dense matrix of a real 1-D spec (the operators the solver cases use). */
export function denseFromSpec(spec: Spec): M {
  const p = spec.params as Record<string, any>;
  switch (spec.op) {
    case 'MatrixMult':
      return { r: p.A.shape[0], c: p.A.shape[1], a: Float64Array.from(p.A.data) };
    case 'Diagonal': {
      const m = zeros(p.diag.length, p.diag.length);
      p.diag.forEach((d: number, i: number) => (m.a[i * p.diag.length + i] = d));
      return m;
    }
    case 'Identity': {
      const m = zeros(p.N, p.M ?? p.N);
      for (let i = 0; i < Math.min(m.r, m.c); i++) m.a[i * m.c + i] = 1;
      return m;
    }
    case 'FirstDerivative':
      return derivative(p, false);
    case 'SecondDerivative':
      return derivative(p, true);
    case 'Adjoint':
      return transpose(denseFromSpec(p.op));
    case 'Scaled': {
      const m = denseFromSpec(p.op);
      return { ...m, a: m.a.map((v) => v * p.scalar) };
    }
    case 'Product':
      return (p.ops as Spec[]).map(denseFromSpec).reduce(matmul);
    case 'Sum':
      return (p.ops as Spec[]).map(denseFromSpec).reduce((a, b) => ({ ...a, a: a.a.map((v, i) => v + b.a[i]) }));
    case 'VStack': {
      const ms = (p.ops as Spec[]).map(denseFromSpec);
      const a = new Float64Array(ms.reduce((s, m) => s + m.a.length, 0));
      let o = 0;
      for (const m of ms) [a.set(m.a, o), (o += m.a.length)];
      return { r: ms.reduce((s, m) => s + m.r, 0), c: ms[0].c, a };
    }
    default:
      throw new Error(`denseFromSpec: ${spec.op} not supported`);
  }
}

/** Every operator name in a (nested) spec. */
export function opNames(spec: unknown): string[] {
  if (Array.isArray(spec)) return spec.flatMap(opNames);
  if (!spec || typeof spec !== 'object') return [];
  const s = spec as { op?: unknown; params?: Record<string, unknown> };
  const own = typeof s.op === 'string' ? [s.op] : [];
  return [...own, ...Object.values(s.params ?? {}).flatMap(opNames)];
}

/** fromSpec when every operator of the spec is registered, else the dense test operator. */
export function operatorFor(spec: Spec): { op: LinearOperator; via: 'fromSpec' | 'dense' } {
  const known = new Set(registeredOperators());
  if (opNames(spec).every((n) => known.has(n))) return { op: fromSpec(spec), via: 'fromSpec' };
  const m = denseFromSpec(spec);
  return { op: new DenseMatrix(m.r, m.c, m.a, spec), via: 'dense' };
}

/** Registers the library's operators when they import cleanly (others may be mid-edit). */
export async function loadOperators(): Promise<string[]> {
  try {
    await import('../../operators/index.ts');
  } catch {
    /* fall back to dense test operators */
  }
  return registeredOperators();
}

/** Relative L2 error ||got - exp|| / ||exp||. */
export function relerr(got: ArrayLike<number>, exp: ArrayLike<number>): number {
  if (got.length !== exp.length) return Infinity;
  let num = 0;
  let den = 0;
  for (let i = 0; i < exp.length; i++) [(num += (got[i] - exp[i]) ** 2), (den += exp[i] ** 2)];
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}
