import { UpstreamError } from "./upstream-error";

/** The call's value, or `undefined` when the platform says the thing does not exist. */
export async function unlessNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof UpstreamError && error.failure === "not_found") return undefined;
    throw error;
  }
}
