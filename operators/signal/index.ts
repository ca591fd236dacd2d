/** Barrel of operators/signal: convolution, smoothing and FFT operators and their pure kernels. */
export * from './convolveKernel.ts';
export * from './Convolve1D.ts';
export * from './Smoothing1D.ts';
export * from './Smoothing2D.ts';
export * from './fftKernel.ts';
export * from './fftAxis.ts';
export * from './FFT.ts';
