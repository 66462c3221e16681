/**
 * Light checks of the proxy's answers: each field the widget reads has the type it expects.
 * The proxy builds every answer from allow-lists and its tests hold it to the contract's zod
 * schemas; the browser only makes sure a broken answer becomes an error, never a crash, for a
 * few hundred bytes instead of zod's 6 KB.
 */
export type Check = (value: unknown) => boolean;

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

export const text: Check = (value) => typeof value === "string";
export const flag: Check = (value) => typeof value === "boolean";
export const whole: Check = (value) => Number.isSafeInteger(value);
export const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);
export const nullable =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
export const list =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);
export const oneOf =
  (values: readonly unknown[]): Check =>
  (value) =>
    values.includes(value);
/** An object whose listed fields pass their checks; other fields are let through unread. */
export const fields =
  (checks: Record<string, Check>): Check =>
  (value) =>
    isObject(value) && Object.keys(checks).every((key) => checks[key]?.(value[key]));

export const money = fields({ amount: whole, currency: text });

/** A check as the widget's `request` takes it (`zod`'s `safeParse` shape). */
export function answer<T>(check: Check) {
  return {
    safeParse: (data: unknown): { success: true; data: T } | { success: false } =>
      check(data) ? { success: true, data: data as T } : { success: false },
  };
}
