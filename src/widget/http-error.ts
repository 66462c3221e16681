/** An answer the proxy sent with a status of 400 or more. */
export class HttpError extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}
