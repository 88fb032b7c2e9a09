/** Options objects: one merge rule for every `options` argument and CLI value. */

/**
 * Overlays `options` on `defaults`, ignoring keys whose value is undefined, so an absent CLI value
 * (`{template: undefined}`) keeps the default instead of overwriting it.
 * @param defaults the defaults constant
 * @param options caller's options (may hold undefined values)
 * @returns a new object; neither input is modified
 */
export function fillDefaults<D extends object, O extends object>(defaults: D, options: O): D & O {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(options)) if (v !== undefined) out[k] = v;
  return out as D & O;
}
