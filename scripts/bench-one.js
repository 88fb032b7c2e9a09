'use strict';
// Child process of scripts/bench.js: runs one named benchmark and prints its JSON lines.
const [file, name] = process.argv.slice(2);
const mod = require(file);
const b = mod.benches.find((x) => x.name === name);
(async () => {
  const results = await b.run();
  const peakRssMb = Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
  for (const r of Array.isArray(results) ? results : [results]) {
    console.log(JSON.stringify({ bench: r.bench || b.name, metric: r.metric, value: r.value, unit: r.unit, peakRssMb, ...(r.extra || {}) }));
  }
})().catch((err) => {
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
