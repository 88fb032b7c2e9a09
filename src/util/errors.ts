/**
 * One error type and one message format for the whole workbench:
 * `<where>: <what was expected>, received <what arrived>`.
 *
 * `InputError` means the caller gave bad input (CLI exit code 2, HTTP 4xx);
 * any other error is internal (CLI exit code 1, HTTP 500).
 */

/** Where a problem was found: a file and line/column, a config key path, or a request field. */
export interface ErrorLocation {
  /** File path, config path, or request name. */
  file?: string;
  /** 1-based line number in `file`. */
  line?: number;
  /** Column name or 1-based column number. */
  column?: string | number;
  /** Dotted key path inside a config or JSON document, e.g. `training.start_date`. */
  key?: string;
}

/** Formats a location as `file:line: column \`c\``, `key path`, … (empty string if nothing is known). */
export function formatLocation(loc: ErrorLocation | undefined): string {
  if (!loc) return '';
  let s = loc.file ?? '';
  if (loc.line !== undefined) s += `${s ? ':' : 'line '}${loc.line}`;
  if (loc.key !== undefined) s += `${s ? ': ' : ''}\`${loc.key}\``;
  if (loc.column !== undefined) s += `${s ? ': ' : ''}column \`${loc.column}\``;
  return s;
}

/** Bad input from a user: a file, a config, a request, an argument. Never thrown without a message. */
export class InputError extends Error {
  readonly location: ErrorLocation | undefined;
  readonly code = 'invalid_input';
  constructor(message: string, location?: ErrorLocation) {
    const where = formatLocation(location);
    super(where ? `${where}: ${message}` : message);
    this.name = 'InputError';
    this.location = location;
  }
}

/** Something the workbench cannot do in this environment (missing optional dependency, no network…). */
export class UnavailableError extends Error {
  readonly code = 'unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'UnavailableError';
  }
}

/**
 * Builds an {@link InputError} in the house format.
 * @param location where the problem is
 * @param expected what was expected, e.g. "column `high` must be >= `low`"
 * @param received what arrived, e.g. "high=101.2 low=103.9"
 * @example inputError({file: 'a.csv', line: 3}, 'a number in column `close`', '"abc"')
 */
export function inputError(location: ErrorLocation | undefined, expected: string, received?: string): InputError {
  return new InputError(received === undefined ? expected : `${expected}, received ${received}`, location);
}

/** Throws an internal error when `cond` is false (for invariants, not user input). */
export function invariant(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`internal invariant violated: ${message}`);
}

/** Short printable form of an arbitrary value for error messages (quoted, truncated to 60 chars). */
export function show(value: unknown): string {
  let s: string;
  if (typeof value === 'string') s = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') s = String(value);
  else if (value === undefined) s = 'undefined';
  else {
    try {
      s = JSON.stringify(value) ?? String(value);
    } catch {
      s = String(value);
    }
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
