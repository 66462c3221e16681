// Medians and ranges over repeated measurements, formatted for the results table.

/** The median of the numbers given (undefined for none). */
export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** "33 ms (29–41)": median and range, or "—" when nothing was measured. */
export function spread(values, unit = "ms", digits = 0) {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return "—";
  const fixed = (value) => value.toFixed(digits);
  const middle = fixed(median(finite));
  const low = fixed(Math.min(...finite));
  const high = fixed(Math.max(...finite));
  const space = unit ? ` ${unit}` : "";
  return low === high ? `${middle}${space}` : `${middle}${space} (${low}–${high})`;
}

/** Bytes as "12,345 B". */
export const bytes = (value) => `${value.toLocaleString("en-US")} B`;
