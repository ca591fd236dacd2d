import { type DType, type FloatArray, alloc, complexOf, isComplex, prod, realOf } from '../core/dtype.ts';
import { InvalidParameterError } from '../core/errors.ts';
import { localWindow } from '../core/kernel.ts';
import { LinearOperator, type Spec } from '../core/LinearOperator.ts';
import { parseAxis, parseBool, parseChoice, parseDims, parseDType, parseNumber } from '../core/params.ts';
import { registerOperator } from '../core/spec.ts';
import { type FFTAxisConfig, fftDataLength, fftAdjointLines, fftForwardLines } from './fftAxis.ts';

export type FFTNorm = 'ortho' | 'none' | '1/n';
const NORMS: readonly FFTNorm[] = ['ortho', 'none', '1/n'];

export interface FFTParams {
  /** Model shape. */
  dims: number | readonly number[];
  /** Axis of the transform. @defaultValue -1 */
  axis?: number;
  /** Transform length (zero-padding when larger than dims[axis], truncation when smaller). @defaultValue dims[axis] */
  nfft?: number;
  /** Sampling step, only used for the frequency axis `fs`. @defaultValue 1 */
  sampling?: number;
  /** @defaultValue 'ortho' */
  norm?: FFTNorm;
  /** Real model and one-sided spectrum (rfft with the sqrt(2) scaling). @defaultValue false */
  real?: boolean;
  /** ifftshift the model along the axis before the transform. @defaultValue false */
  ifftshift_before?: boolean;
  /** fftshift the spectrum after the transform. @defaultValue false */
  fftshift_after?: boolean;
  /** PyLops' engine; every engine gives the same numbers here. @defaultValue 'numpy' */
  engine?: string;
  /** Model dtype; a real dtype gives a real model. @defaultValue 'complex128' */
  dtype?: DType;
}

/**
 * One-dimensional discrete Fourier transform along an axis (PyLops' `FFT`).
 *
 * Forward: Y[k] = s sum_{t < nfft} u[t] exp(-2 pi i k t / nfft), u the model line zero-padded or
 * truncated to nfft (after the optional ifftshift), s = 1/sqrt(nfft) (`ortho`), 1 (`none`) or 1/nfft
 * (`1/n`); then the optional fftshift. Adjoint: the conjugate transpose, x[t] = s sum_k Y[k]
 * exp(+2 pi i k t / nfft) for t < min(n, nfft), zero beyond, shifts undone.
 * With `real: true` the model is real and the data is the one-sided spectrum (nfft//2 + 1 bins) with
 * bins 1 .. (nfft-1)//2 multiplied by sqrt(2), so the adjoint is exact. A real `dtype` also makes the
 * model real (the forward reads the real part, the adjoint returns the real part).
 * `Op.dtype` is complex128 (complex64 for float32/complex64). See fftAxis.ts for the per-line steps.
 *
 * @example
 * const F = new FFT({ dims: [8, 5], axis: 0, norm: 'ortho' });
 * const y = F.matvec(new Float64Array(2 * 40)); // complex interleaved, dimsd [8, 5]
 */
export class FFT extends LinearOperator {
  readonly axis: number;
  readonly nfft: number;
  readonly sampling: number;
  readonly norm: FFTNorm;
  readonly real: boolean;
  readonly ifftshiftBefore: boolean;
  readonly fftshiftAfter: boolean;
  readonly engine: string;
  /** The model dtype as given (`params.dtype`). */
  readonly modelDtype: DType;
  private readonly config: FFTAxisConfig;

  constructor(params: FFTParams) {
    const name = new.target.name;
    const modelDtype = parseDType(name, params.dtype, 'complex128');
    const dims = parseDims(name, params.dims);
    const axis = parseAxis(name, params.axis ?? -1, dims.length);
    const nfft = params.nfft ?? dims[axis];
    if (!Number.isInteger(nfft) || nfft < 1) throw new InvalidParameterError(name, 'nfft', params.nfft, 'a positive integer');
    const real = parseBool(name, 'real', params.real, false);
    const dimsd = dims.map((d, a) => (a === axis ? fftDataLength({ nfft, real }) : d));
    const modelComplex = !real && isComplex(modelDtype);
    super({ dims, dimsd, dtype: complexOf(modelDtype), modelComplex, dataComplex: true });
    this.axis = axis;
    this.nfft = nfft;
    this.real = real;
    this.modelDtype = modelDtype;
    this.sampling = parseNumber(name, 'sampling', params.sampling, 1);
    this.norm = parseChoice(name, 'norm', params.norm, NORMS, 'ortho');
    this.ifftshiftBefore = parseBool(name, 'ifftshift_before', params.ifftshift_before, false);
    this.fftshiftAfter = parseBool(name, 'fftshift_after', params.fftshift_after, false);
    this.engine = parseChoice(name, 'engine', params.engine, ['numpy', 'scipy', 'fftw'], 'numpy');
    const scale = this.norm === 'ortho' ? 1 / Math.sqrt(nfft) : this.norm === 'none' ? 1 : 1 / nfft;
    const { ifftshiftBefore, fftshiftAfter } = this;
    this.config = { n: dims[axis], nfft, real, modelComplex, scale, ifftshiftBefore, fftshiftAfter };
  }

  /** Frequencies of the data bins along the axis (numpy's fftfreq / rfftfreq with d = sampling, shifted with fftshift_after). */
  get fs(): Float64Array {
    const m = this.dimsd[this.axis];
    const f = Float64Array.from({ length: m }, (_, k) => (this.real || k < Math.ceil(this.nfft / 2) ? k : k - this.nfft) / (this.nfft * this.sampling));
    if (!this.fftshiftAfter) return f;
    return Float64Array.from({ length: m }, (_, k) => f[(k - (m >> 1) + m) % m]);
  }

  protected forward(x: FloatArray): FloatArray {
    const y = alloc(this.dtype, prod(this.dimsd));
    const { outer, inner } = localWindow(this.dims, this.axis);
    fftForwardLines(x, y, outer, inner, this.config);
    return y;
  }

  protected adjoint(y: FloatArray): FloatArray {
    const x = alloc(this.modelComplex ? this.dtype : realOf(this.dtype), prod(this.dims));
    const { outer, inner } = localWindow(this.dims, this.axis);
    fftAdjointLines(y, x, outer, inner, this.config);
    return x;
  }

  toSpec(): Spec {
    const { axis, nfft, sampling, norm, real, engine } = this;
    const shifts = { ifftshift_before: this.ifftshiftBefore, fftshift_after: this.fftshiftAfter };
    return { op: 'FFT', params: { dims: [...this.dims], axis, nfft, sampling, norm, real, ...shifts, engine, dtype: this.modelDtype } };
  }
}

registerOperator('FFT', (p) => new FFT(p as unknown as FFTParams));
