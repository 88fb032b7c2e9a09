import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeFundamentals, parseFundamentals, readFundamentals } from '../../src/data/fundamentals';
import { allocBars, type Bars } from '../../src/data/bars';
import { dayToIso, isoToDay } from '../../src/util/dates';
import { Rng } from '../../src/util/rng';
import { assertClose, fixture, rejects } from '../helpers';

/** Bars on the given ISO dates (prices irrelevant here). */
function barsOn(dates: string[]): Bars {
  const b = allocBars('T', dates.length);
  dates.forEach((d, i) => (b.dates[i] = isoToDay(d)));
  return b;
}

const week = barsOn(['2020-04-28', '2020-04-29', '2020-04-30', '2020-05-01', '2020-05-04']);

test('a value is visible from its publication date onward, NaN before', () => {
  const t = parseFundamentals([{ date: '2020-04-30', eps: 1.2, pe: 25 }]);
  const out = mergeFundamentals(week, t);
  const eps = Array.from(out.extra!.eps);
  assert.ok(Number.isNaN(eps[0]) && Number.isNaN(eps[1]));
  assert.equal(eps.slice(2), [1.2, 1.2, 1.2]);
  assert.equal(Array.from(out.extra!.pe).slice(2), [25, 25, 25]);
});

test('no bar dated before a publication ever sees that value (seeded random dates)', () => {
  const rng = new Rng(11);
  for (let trial = 0; trial < 50; trial++) {
    const days: number[] = [];
    let d = 18000;
    for (let i = 0; i < 40; i++) days.push((d += 1 + rng.int(3)));
    const bars = allocBars('T', days.length);
    bars.dates.set(days);
    const recs = Array.from({ length: 6 }, (_, k) => ({ published: dayToIso(18000 + rng.int(110)), eps: k + 1 }));
    const out = mergeFundamentals(bars, parseFundamentals(recs));
    for (let i = 0; i < days.length; i++) {
      const v = out.extra!.eps[i];
      const visible = recs.map((r, k) => ({ day: isoToDay(r.published), k })).filter((r) => r.day <= days[i]);
      if (visible.length === 0) assert.ok(Number.isNaN(v), `bar ${i} sees ${v} before any publication`);
      else {
        visible.sort((a, b) => a.day - b.day || a.k - b.k);
        assert.is(v, recs[visible[visible.length - 1].k].eps);
      }
    }
  }
});

test('a publication on a non-trading day becomes visible on the next bar; lag delays by whole bars', () => {
  const t = parseFundamentals([{ published: '2020-05-02', eps: 3 }]);
  assert.equal(Array.from(mergeFundamentals(week, t).extra!.eps).map((x) => (Number.isNaN(x) ? null : x)), [null, null, null, null, 3]);
  const t2 = parseFundamentals([{ published: '2020-04-29', eps: 5 }]);
  assert.equal(Array.from(mergeFundamentals(week, t2, { lag: 1 }).extra!.eps).map((x) => (Number.isNaN(x) ? null : x)), [null, null, 5, 5, 5]);
});

test('published beats date, null keeps the previous value, unsorted records are sorted, later record wins ties', () => {
  const t = parseFundamentals({
    records: [
      { published: '2020-04-30', eps: 1.3, pe: null, period: 'Q1' },
      { published: '2020-04-28', date: '2020-03-31', eps: 1.1, pe: 20 },
      { published: '2020-04-30', eps: 1.4 },
    ],
  });
  const out = mergeFundamentals(week, t, { prefix: 'f_' });
  assert.equal(Array.from(out.extra!.f_eps), [1.1, 1.1, 1.4, 1.4, 1.4]);
  assert.equal(Array.from(out.extra!.f_pe), [20, 20, 20, 20, 20]);
});

test('the input bars are not mutated', () => {
  const before = week.extra;
  mergeFundamentals(week, parseFundamentals([{ date: '2020-04-30', eps: 1 }]));
  assert.is(week.extra, before);
});

test('bad records are InputErrors naming the key path', () => {
  assert.throws(() => parseFundamentals([{ eps: 1 }], 'f.json'), /^f\.json: `\[0\]`: a `published` or `date` key/);
  assert.throws(() => parseFundamentals([{ date: '30/04/2020', eps: 1 }]), /`\[0\]\.date`: an ISO date YYYY-MM-DD, received "30\/04\/2020"/);
  assert.throws(() => parseFundamentals([{ date: '2020-04-30', eps: '1.2' }]), /`\[0\]\.eps`: a finite number or null, received "1\.2"/);
  assert.throws(() => parseFundamentals([]), /a non-empty array of records/);
  assert.throws(() => parseFundamentals([{ date: '2020-04-30' }]), /at least one numeric key/);
  const t = parseFundamentals([{ date: '2020-04-30', eps: 1 }]);
  assert.throws(() => mergeFundamentals(mergeFundamentals(week, t), t), /`extra\.eps`: a new column name/);
  assert.throws(() => mergeFundamentals(week, t, { lag: -1 }), /`lag`: a whole number of bars >= 0/);
});

test('readFundamentals reads the fixture file', async () => {
  const t = await readFundamentals(fixture('data/AAPL-fundamentals.json'));
  assert.equal(Object.keys(t.values).sort(), ['eps', 'pe']);
  assertClose(t.values.eps[1], 1.3);
  await rejects(() => readFundamentals('/nonexistent/f.json'), /f\.json: a readable fundamentals file, received ENOENT/);
});

test.run();
