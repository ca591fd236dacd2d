/** Barrel of operators/signal (filled by its operators). */
export {};
