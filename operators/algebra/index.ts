/**
 * Barrel of operators/algebra: the wrapper classes of operator algebra, installed into the late-bound
 * hooks of LinearOperator so that `A.H`, `A.T`, `A.conj()`, `A.dot(B)`, `A.plus(B)`, `A.minus(B)`,
 * `A.neg()`, `A.scale(s)` and `A.pow(p)` build them.
 */
import { hooks } from '../core/LinearOperator.ts';
import { Adjoint } from './Adjoint.ts';
import { Conj } from './Conj.ts';
import { Power } from './Power.ts';
import { Product } from './Product.ts';
import { Scaled } from './Scaled.ts';
import { Sum } from './Sum.ts';
import { Transposed } from './Transposed.ts';

export { Adjoint, type AdjointParams } from './Adjoint.ts';
export { Conj, type ConjParams } from './Conj.ts';
export { Power, type PowerParams } from './Power.ts';
export { Product, type ProductParams } from './Product.ts';
export { Scaled, type ScaledParams, type Scalar } from './Scaled.ts';
export { Sum, type SumParams } from './Sum.ts';
export { Transposed, type TransposedParams } from './Transposed.ts';

hooks.adjoint = (a) => (a instanceof Adjoint ? a.op : new Adjoint({ op: a })); // (A^H)^H = A
hooks.transpose = (a) => (a instanceof Transposed ? a.op : new Transposed({ op: a })); // (A^T)^T = A
hooks.conj = (a) => (a instanceof Conj ? a.op : new Conj({ op: a })); // conj(conj(A)) = A
hooks.product = (a, b) => new Product({ ops: [a, b] });
hooks.sum = (a, b) => new Sum({ ops: [a, b] });
hooks.scaled = (a, s) => new Scaled({ op: a, scalar: s });
hooks.power = (a, p) => new Power({ op: a, exponent: p });
