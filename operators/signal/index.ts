/** Barrel of operators/signal: convolution, smoothing and FFT operators and their pure kernels. */
export { Convolve1D, type Convolve1DParams } from './Convolve1D.ts';
export { Smoothing1D, type Smoothing1DParams } from './Smoothing1D.ts';
export { Smoothing2D, type Smoothing2DParams, type AxisPass } from './Smoothing2D.ts';
export { FFT, type FFTParams, type FFTNorm } from './FFT.ts';
export { convolveKernel, type ConvolveKernel } from './convolveKernel.ts';
export { fft, ifft, fftPlan, type FFTPlan } from './fftKernel.ts';
export { fftForwardLines, fftAdjointLines, fftDataLength, type FFTAxisConfig } from './fftAxis.ts';
