/** The shared store cannot be reached; the request cannot be served safely right now. */
export class StoreUnavailableError extends Error {
  override name = "StoreUnavailableError";
  /**
   * The command certainly never reached the store (refused before it was sent), so sending it
   * again cannot make it count twice. A command that timed out or lost its connection may have
   * run.
   */
  readonly unsent: boolean;
  constructor(message: string, options: { readonly unsent?: boolean } = {}) {
    super(message);
    this.unsent = options.unsent ?? false;
  }
}
