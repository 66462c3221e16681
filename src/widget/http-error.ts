/** An answer the proxy sent with a status of 400 or more. */
export class HttpError extends Error {
  // Declared, not defined: the constructor sets it (see `KioskError`).
  declare readonly response: Response;
  constructor(response: Response) {
    super(`HTTP ${response.status}`);
    this.response = response;
  }
}
