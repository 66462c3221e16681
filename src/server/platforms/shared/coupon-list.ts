// A platform's coupon list read one coupon at a time: one it cannot read (a percentage below zero, a value that is no number) is set aside, not the whole list; a buyer's code that names it is not priced.
import { z } from "zod";
import { sameCouponCode } from "../../../core";
import type { Logger } from "../../runtime/logger";
import { UpstreamError } from "../upstream/upstream-error";

/** Where a coupon's reading failed, as its zod issues say: paths and codes, never values. */
interface IssuePlace {
  readonly path: string;
  readonly code: string;
}

/** A coupon of one answer that its schema could not read. */
interface UnreadEntry {
  /** Its place in the answer. */
  readonly index: number;
  /** Its own id, when it has one that reads as an id and is not its code. */
  readonly id: string | undefined;
  /** Its code as the platform wrote it, when that is a string or a number: compared, never logged. */
  readonly code: string | undefined;
  readonly issues: readonly IssuePlace[];
}

/** The coupons of one answer (a page): those read, and those set aside. */
export interface ReadCoupons<T> {
  readonly read: readonly T[];
  readonly unread: readonly UnreadEntry[];
}

/** How a log line names a coupon: its id where it has one, else its place in the list. Never its code. */
export type CouponRef = { readonly couponId: string } | { readonly couponIndex: number };

/** A platform's whole coupon list, as the adapter keeps it: the coupons read, and those it could not read. */
export interface CouponList<T> {
  readonly read: readonly T[];
  readonly unread: readonly { readonly ref: CouponRef; readonly code: string | undefined }[];
}

/** Issues logged per coupon at most: the first are enough to find the field. */
const maxIssues = 5;

/** A field of a listed entry, if the entry is an object. */
function fieldOf(listed: unknown, name: string): unknown {
  if (typeof listed !== "object" || listed === null) return undefined;
  return (listed as Readonly<Record<string, unknown>>)[name];
}

/** The code an entry's `code` field holds, as the platform wrote it, if it holds one. */
function rawCode(listed: unknown): string | undefined {
  const code = fieldOf(listed, "code");
  if (typeof code === "string") return code;
  return typeof code === "number" && Number.isFinite(code) ? String(code) : undefined;
}

/** The entry's own id, if it has one that reads as an id and does not spell its code. */
function idOf(listed: unknown, code: string | undefined): string | undefined {
  const id = fieldOf(listed, "id");
  if (typeof id !== "string" && typeof id !== "number") return undefined;
  const text = String(id);
  if (text.length === 0 || text.length > 100) return undefined;
  // A platform that keys its coupons by their code: the id would log the secret.
  return code !== undefined && sameCouponCode(code, text) ? undefined : text;
}

/**
 * The schema of where an answer holds its coupons (a list's `data`, a bare array): the array
 * itself is strict, each entry is read by `coupon` on its own. One it cannot read is set aside
 * with its raw code (for `findListedCoupon`) and the paths of its issues (for `couponList` to log).
 */
export function eachCoupon<T extends z.ZodType>(coupon: T) {
  return z.array(z.unknown()).transform((listed): ReadCoupons<z.output<T>> => {
    const read: z.output<T>[] = [];
    const unread: UnreadEntry[] = [];
    listed.forEach((entry, index) => {
      const parsed = coupon.safeParse(entry);
      if (parsed.success) {
        read.push(parsed.data);
        return;
      }
      const code = rawCode(entry);
      unread.push({
        index,
        id: idOf(entry, code),
        code,
        issues: parsed.error.issues
          .slice(0, maxIssues)
          .map((issue) => ({ path: issue.path.join("."), code: issue.code })),
      });
    });
    return { read, unread };
  });
}

/**
 * The coupon list of one read, from its answers (the pages, in order): each coupon that could not
 * be read logged once as `upstream_coupon_skipped`, by its id (else its place in the whole list)
 * and the paths of its issues, never a code or a value.
 */
export function couponList<T>(
  platform: string,
  logger: Logger,
  answers: readonly ReadCoupons<T>[],
): CouponList<T> {
  const read: T[] = [];
  const unread: { ref: CouponRef; code: string | undefined }[] = [];
  let offset = 0;
  for (const answer of answers) {
    read.push(...answer.read);
    for (const { index, id, code, issues } of answer.unread) {
      const ref: CouponRef = id === undefined ? { couponIndex: offset + index } : { couponId: id };
      logger.warn("upstream_coupon_skipped", { platform, ...ref, reason: "shape", issues });
      unread.push({ ref, code });
    }
    offset += answer.read.length + answer.unread.length;
  }
  return { read, unread };
}

/**
 * The failure of a buyer's code that names a coupon the proxy cannot read: the platform reads as
 * unavailable for it, as a list it could not read at all did, so the buyer is asked to try again
 * rather than told the code does not exist or charged without its discount. Logged as
 * `upstream_coupon_unreadable` by the coupon's id or place, never its code.
 */
export function unreadableCoupon(platform: string, logger: Logger, ref?: CouponRef): UpstreamError {
  logger.warn("upstream_coupon_unreadable", { platform, ...ref });
  return new UpstreamError("unavailable", `${platform} sent a coupon it cannot read`, {
    retryAfter: 30,
    unreadable: true,
    oneRecord: true,
  });
}

/**
 * The coupon a buyer's `code` names, found by the adapter's own `find` among the coupons read, or
 * `undefined` when the platform has none by that code. Throws `unreadableCoupon` when the code
 * names a coupon that could not be read (its raw code compared as `sameCouponCode` does), or when
 * it names none read while a coupon whose code could not be read at all may be it: neither
 * "not found" nor a discount is guessed.
 */
export function findListedCoupon<T>(
  platform: string,
  logger: Logger,
  list: CouponList<T>,
  code: string,
  find: (read: readonly T[], code: string) => T | undefined,
): T | undefined {
  const named = list.unread.find(
    (entry) => entry.code !== undefined && sameCouponCode(entry.code, code),
  );
  if (named) throw unreadableCoupon(platform, logger, named.ref);
  const found = find(list.read, code);
  if (found !== undefined) return found;
  const codeless = list.unread.find((entry) => entry.code === undefined);
  if (codeless) throw unreadableCoupon(platform, logger, codeless.ref);
  return undefined;
}
