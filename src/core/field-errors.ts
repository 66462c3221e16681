/** The parts of a schema issue that field messages are made from. */
export interface SchemaIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly expected?: string;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly keys?: readonly string[];
  readonly format?: string;
  /** Set when the field is not there at all, rather than there with the wrong kind of value. */
  readonly missing?: boolean;
}

/** `["items", 0, "quantity"]` → `"items.0.quantity"`; the top level is `"body"`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "body" : path.map(String).join(".");
}

/** One plain sentence for a schema issue, for the `errors` map of a problem. */
export function describeIssue(issue: SchemaIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.missing) return "is required";
      return issue.expected === "int"
        ? "must be a whole number"
        : `must be a${/^[aeiou]/.test(issue.expected ?? "") ? "n" : ""} ${issue.expected ?? "value"}`;
    case "too_small":
      return `must be at least ${String(issue.minimum)}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}`;
    case "invalid_format":
      return issue.format === "email" ? "must be an email address" : "has an invalid format";
    case "invalid_value":
      return "is not one of the allowed values";
    case "unrecognized_keys":
      return `unknown field${(issue.keys?.length ?? 0) > 1 ? "s" : ""}: ${(issue.keys ?? []).join(", ")}`;
    default:
      return "is invalid";
  }
}

/** Collects issues into the `{ "<field path>": "<message>" }` map; the first issue per field wins. */
export function fieldErrors(issues: readonly SchemaIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const keys = issue.code === "unrecognized_keys" ? (issue.keys ?? []) : [undefined];
    for (const key of keys) {
      const path = fieldPath(key === undefined ? issue.path : [...issue.path, key]);
      errors[path] ??= key === undefined ? describeIssue(issue) : "is not allowed";
    }
  }
  return errors;
}
