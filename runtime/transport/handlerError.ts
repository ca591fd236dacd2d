/** Default for `onHandlerError` of both transports: rethrow in a fresh task, so handler bugs are loud. */
export function rethrowLater(error: unknown): void {
  setImmediate(() => {
    throw error;
  });
}
