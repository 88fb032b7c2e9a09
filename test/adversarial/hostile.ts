/**
 * Shared counter of the adversarial suite: every hostile input a test tries is counted, and the process
 * prints `adversarial: N hostile cases tried` when it exits (once, however many suites loaded this file).
 */
const g = globalThis as unknown as { __wbHostile?: { n: number; kinds: Map<string, number> } };

if (!g.__wbHostile) {
  g.__wbHostile = { n: 0, kinds: new Map() };
  process.on('exit', () => {
    const h = g.__wbHostile as { n: number; kinds: Map<string, number> };
    const kinds = [...h.kinds].map(([k, v]) => `${k} ${v}`).join(', ');
    process.stdout.write(`adversarial: ${h.n} hostile cases tried (${kinds})\n`);
  });
}

/**
 * Counts hostile cases.
 * @param kind family of the input (bytes, encoding, size, nesting, traversal, injection, race, kill, config, url)
 * @param n how many cases (default 1)
 */
export function hostile(kind: string, n = 1): void {
  const h = g.__wbHostile as { n: number; kinds: Map<string, number> };
  h.n += n;
  h.kinds.set(kind, (h.kinds.get(kind) ?? 0) + n);
}
