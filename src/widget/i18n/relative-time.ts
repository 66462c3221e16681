/**
 * How long from now `seconds` (whole, as `Retry-After` gives them) is, in `locale`'s own words
 * ("in 10 minutes", "dans 45 secondes", "10 分後"): past a minute and a half in minutes, as a
 * person would say it, not "in 596 seconds"; rounded up, so a buyer who waits as long as told is
 * not refused again. Without a number of seconds, nothing.
 */
export const inTime = (locale: string, seconds = 0): string | undefined =>
  seconds
    ? new Intl.RelativeTimeFormat(locale).format(
        ...((seconds < 90 ? [seconds, "second"] : [Math.ceil(seconds / 60), "minute"]) as [
          number,
          Intl.RelativeTimeFormatUnit,
        ]),
      )
    : undefined;
