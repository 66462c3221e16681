/**
 * How long from now `seconds` (as `Retry-After` gives them) is, in `locale`'s own words and in
 * whole minutes ("in 10 minutes", "dans 1 minute", "10 分後"), as a person would say it, not "in
 * 596 seconds": the limits a buyer meets last minutes. Rounded up, so a buyer who waits as long
 * as told is not refused again. Without a number of seconds, nothing.
 */
export const inTime = (locale: string, seconds = 0): string | undefined =>
  seconds
    ? new Intl.RelativeTimeFormat(locale).format(Math.ceil(seconds / 60), "minute")
    : undefined;
