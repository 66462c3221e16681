// The shapes a setting's text can take (a secret, an origin list, a duration, a limit).
import { z } from "zod";
import type { Limit } from "../http/rate-limits";

export const optionalText = z
  .string()
  .transform((value) => value.trim())
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** A secret goes into a header, where a control character (a second pasted line) cannot travel. */
export const secretText = optionalText.refine(
  (value) => value === undefined || !/\p{Cc}/u.test(value),
  "must be one line without control characters",
);

export const origin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
  } catch {
    return false;
  }
}, "must be origins like https://shop.example, comma-separated, without paths or trailing slashes");

/** A whole number from `min` to `max` (a count or whole seconds), or nothing. */
export const wholeNumber = (min: number, max: number, unit: string) => {
  const message = `must be a whole number${unit} from ${min} to ${max}`;
  return optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,9}$/, message)
      .transform(Number)
      .refine((value) => value >= min && value <= max, message)
      .optional(),
  );
};
const durationUnits = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const durationPattern = /^(\d{1,9})(ms|s|m|h)$/;

/** `500ms`, `30s`, `10m` or `1h` in milliseconds, or undefined when it is none of those. */
export function parseDuration(text: string): number | undefined {
  const match = durationPattern.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return Number(match[1]) * durationUnits[match[2] as keyof typeof durationUnits];
}

/** The longest wait a timer takes (2^31 - 1 ms, about 24 days); a longer one fires at once. */
const longestTimerMs = 2 ** 31 - 1;

export const duration = (error: string) =>
  z
    .string()
    .refine((value) => (parseDuration(value) ?? 0) > 0, error)
    .refine((value) => (parseDuration(value) ?? 0) <= longestTimerMs, `${error}, up to 596h`)
    .transform((value) => parseDuration(value) ?? 0);

/** `off`, or `COUNT/DURATION` such as `15/10m`. */
export const limitSetting = z
  .string()
  .refine(
    (value) =>
      value === "off" ||
      (/^[1-9]\d{0,8}\/\d{1,9}(ms|s|m|h)$/.test(value) &&
        (parseDuration(value.split("/")[1] ?? "") ?? 0) > 0),
    "must be off or a count per duration, like 15/10m (units ms, s, m, h; the duration above 0)",
  )
  .transform((value): Limit | null => {
    if (value === "off") return null;
    const [count = "", window = ""] = value.split("/");
    return { max: Number(count), windowMs: parseDuration(window) ?? 0 };
  })
  .optional();

export const redisUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "redis:" || url.protocol === "rediss:") &&
      url.hostname !== "" &&
      // The database, when named, is a number: Redis would refuse any other at the first command.
      /^\/?(\d{1,5})?$/.test(url.pathname)
    );
  } catch {
    return false;
  }
}, "must be a URL like redis://host:6379 or rediss://user:password@host:6380/0 (the database a number)");
