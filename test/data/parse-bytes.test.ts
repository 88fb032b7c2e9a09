import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { daysFromCivil, parseDateText, parseNumberText, describeDateProblem, scanNumberField } from '../../src/data/parse-bytes';
import { dayToIso, isoToDay } from '../../src/util/dates';
import { Rng } from '../../src/util/rng';

test('parseNumberText reads plain decimals, signs and exponents exactly like Number()', () => {
  assert.is(parseNumberText('1455.219971'), 1455.219971);
  assert.is(parseNumberText('-0.05'), -0.05);
  assert.is(parseNumberText('+12'), 12);
  assert.is(parseNumberText(' 7.5 '), 7.5);
  assert.is(parseNumberText('2.4e9'), 2.4e9);
  assert.is(parseNumberText('1E-3'), 0.001);
  assert.is(parseNumberText('.5'), 0.5);
  assert.is(parseNumberText('5.'), 5);
  assert.is(parseNumberText('007'), 7);
  assert.is(parseNumberText('57921400000000000000'), 57921400000000000000);
});

test('parseNumberText agrees bit-for-bit with Number() on random decimals (fast path and fallback)', () => {
  const rng = new Rng(7);
  for (let k = 0; k < 20000; k++) {
    const intDigits = rng.int(12);
    const fracDigits = rng.int(12);
    let s = rng.next() < 0.2 ? '-' : '';
    for (let i = 0; i < intDigits; i++) s += String(rng.int(10));
    if (fracDigits || !intDigits) s += '.';
    for (let i = 0; i < Math.max(fracDigits, intDigits ? 0 : 1); i++) s += String(rng.int(10));
    if (rng.next() < 0.1) s += `e${rng.int(40) - 20}`;
    assert.is(Object.is(parseNumberText(s), Number(s)), true, s);
  }
});

test('parseNumberText rejects NaN, Infinity, null, empty and decorated numbers with NaN', () => {
  for (const s of ['', ' ', 'NaN', 'nan', 'Infinity', '-Infinity', 'inf', 'null', '1,5', '$12', '12%', '1.2.3', '1e', 'e5', '-', '.', '0x10', '1e400']) {
    assert.ok(Number.isNaN(parseNumberText(s)), JSON.stringify(s));
  }
});

test('parseDateText agrees with isoToDay for every day 1900-2100', () => {
  const from = isoToDay('1900-01-01');
  const to = isoToDay('2100-12-31');
  for (let d = from; d <= to; d++) {
    const iso = dayToIso(d);
    const p = parseDateText(iso);
    if (p.day !== d || p.format !== 'iso') assert.unreachable(`${iso}: ${p.day} vs ${d}`);
  }
});

test('parseDateText rejects impossible dates exactly where isoToDay does', () => {
  const rng = new Rng(3);
  for (let k = 0; k < 5000; k++) {
    const s = `${1900 + rng.int(300)}-${String(rng.int(14)).padStart(2, '0')}-${String(rng.int(33)).padStart(2, '0')}`;
    const a = parseDateText(s).day;
    const b = isoToDay(s);
    assert.ok(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), s);
  }
  assert.ok(Number.isNaN(parseDateText('2023-02-29').day));
  assert.is(parseDateText('2024-02-29').day, isoToDay('2024-02-29'));
});

test('parseDateText accepts a midnight time part and a UTC offset, keeping the date part', () => {
  const d = isoToDay('2020-01-02');
  for (const s of ['2020-01-02T00:00:00', '2020-01-02 00:00:00', '2020-01-02T00:00', '2020-01-02T00:00:00.000Z', '2020-01-02 00:00:00-05:00', '2020-01-02T00:00:00+0100']) {
    assert.equal(parseDateText(s), { day: d, format: 'iso-midnight' }, s);
  }
});

test('parseDateText reads Stooq compact YYYYMMDD', () => {
  assert.equal(parseDateText('20200102'), { day: isoToDay('2020-01-02'), format: 'compact' });
  assert.ok(Number.isNaN(parseDateText('20201301').day));
});

test('parseDateText rejects slash, short-year, unpadded and intraday forms', () => {
  for (const s of ['01/02/2020', '1/2/20', '2020/01/02', '2020-1-5', '2020-01-02T09:30:00', '02.01.2020', 'Jan 2 2020', '', '2020-01-02x']) {
    assert.ok(Number.isNaN(parseDateText(s).day), s);
  }
});

test('describeDateProblem explains slash dates and intraday times', () => {
  assert.match(describeDateProblem('01/02/2020', undefined), /ISO date YYYY-MM-DD.*ambiguous/);
  assert.match(describeDateProblem('2020-01-02T09:30:00', 'iso'), /time part must be midnight/);
});

test('daysFromCivil matches known day numbers', () => {
  assert.is(daysFromCivil(1970, 1, 1), 0);
  assert.is(daysFromCivil(2000, 1, 3), 10959);
  assert.is(daysFromCivil(1969, 12, 31), -1);
});

test('scanNumberField: stops at the comma, parses as Number() does, NaN for text', () => {
  const out = new Float64Array(2);
  for (const text of ['0', '12', '101.25', '0.000123', '123456789012345', '1234567890.123456', '1e3', '-2.5', ' 7.5 ', '.5', '5.']) {
    const buf = Buffer.from(`${text},9`);
    const q = scanNumberField(buf, 0, buf.length, out, 1);
    assert.is(q, text.length, `${text}: comma index`);
    assert.is(out[1], Number(text), `${text}`);
  }
  for (const text of ['abc', '', '1.2.3', '1,5']) {
    const buf = Buffer.from(text);
    const q = scanNumberField(buf, 0, buf.length, out, 0);
    if (text === '1,5') assert.is(out[0], 1);
    else assert.ok(Number.isNaN(out[0]), `${text}: NaN`);
    assert.ok(q <= buf.length);
  }
});

test.run();
