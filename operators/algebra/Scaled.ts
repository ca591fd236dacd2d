import { type FloatArray, complexOf } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { registerOperator } from '../core/spec.ts';
import { allocSide, conform, holdsComplex, need, operand, sides, size } from './bridge.ts';

/** A real scalar or a complex one as `[re, im]`. */
export type Scalar = number | readonly [number, number];

export interface ScaledParams {
  /** The operator A (a LinearOperator or a spec). */
  op: LinearOperator | Spec;
  /** s: a number or a complex `[re, im]`. */
  scalar: Scalar;
}

/**
 * An operator times a scalar, s A, PyLops' `s * A`.
 *
 * Forward: y = s (A x); adjoint: x = conj(s) (A^H y). dims, dimsd are A's. dtype is A's for a real s
 * (the scalar does not raise float32 to float64, as in PyLops' `_ScaledLinearOperator`), and the
 * complex dtype of A's precision for a complex s (a real A then acts on complex values).
 *
 * @example
 * const B = new Scaled({ op: A, scalar: [1.5, -0.5] }); // (1.5 - 0.5i) A, same as A.scale([1.5, -0.5])
 */
export class Scaled extends LinearOperator {
  readonly op: LinearOperator;
  /** s as [re, im] (im = 0 for a real scalar). */
  readonly scalar: readonly [number, number];
  private readonly complexScalar: boolean;

  constructor(params: ScaledParams) {
    const op = operand('Scaled', 'op', params.op);
    const [re, im, complexScalar] = parseScalar(params.scalar);
    const dtype = complexScalar ? complexOf(op.dtype) : op.dtype;
    super({ dims: op.dims, dimsd: op.dimsd, dtype, ...sides([need(op, 'model')], [need(op, 'data')], dtype) });
    this.op = op;
    this.scalar = [re, im];
    this.complexScalar = complexScalar;
  }

  protected forward(x: FloatArray): FloatArray {
    return this.multiply(this.op.applyFlat(x, false), size(this.dimsd), this.dataComplex, 1); // y = s A x
  }

  protected adjoint(y: FloatArray): FloatArray {
    return this.multiply(this.op.applyFlat(y, true), size(this.dims), this.modelComplex, -1); // x = conj(s) A^H y
  }

  /** s v (or conj(s) v when `sign` is -1) in new storage; `v` holds `n` values. */
  private multiply(v: FloatArray, n: number, complex: boolean, sign: 1 | -1): FloatArray {
    const [re, im0] = this.scalar;
    const im = sign * im0;
    if (!holdsComplex(v, n) && !complex) {
      const out = allocSide(this.dtype, n, false);
      for (let i = 0; i < n; i++) out[i] = re * v[i];
      return out;
    }
    const u = conform(v, n, true);
    const out = allocSide(this.dtype, n, true);
    for (let i = 0; i < 2 * n; i += 2) {
      out[i] = re * u[i] - im * u[i + 1]; // (re + i im)(ur + i ui)
      out[i + 1] = re * u[i + 1] + im * u[i];
    }
    return conform(out, n, complex);
  }

  toSpec(): Spec {
    return { op: 'Scaled', params: { op: this.op.toSpec(), scalar: this.complexScalar ? [...this.scalar] : this.scalar[0] } };
  }
}

function parseScalar(s: unknown): [number, number, boolean] {
  if (typeof s === 'number' && Number.isFinite(s)) return [s, 0, false];
  if (Array.isArray(s) && s.length === 2 && s.every((v) => typeof v === 'number' && Number.isFinite(v))) return [s[0], s[1], true];
  throw new InvalidParameterError('Scaled', 'scalar', s, 'a finite number or a complex [re, im] pair');
}

registerOperator('Scaled', (p) => new Scaled(p as unknown as ScaledParams));
