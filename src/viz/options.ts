/** Internal helper (not part of the public API): options merged over defaults, where `undefined` means "use the default". */

/**
 * `{...defaults, ...options}`, except that keys whose value is `undefined` in `options` keep the default
 * (so `fn({ volume: cond ? false : undefined })` behaves as expected).
 * @returns a new object typed as the options with every defaulted key required; neither argument is modified
 */
export function withDefaults<D extends object, O extends object>(
  defaults: D,
  options: O,
): O & { [K in keyof D]-?: K extends keyof O ? Exclude<O[K], undefined> : D[K] } {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  return out as O & { [K in keyof D]-?: K extends keyof O ? Exclude<O[K], undefined> : D[K] };
}
