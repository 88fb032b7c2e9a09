/**
 * Checks of intraday bars against their exchange's sessions: instants strictly increasing (no duplicates),
 * every bar inside its day's regular session (not on a weekend or holiday, not before the open or at/after the
 * close), one timeframe per file (every bar on the session-aligned grid of the timeframe) and no gap inside a
 * session (consecutive bars of one day exactly one bar apart). A session may start late or end early in the data
 * (first and last days of a file, a day being updated); those are counted, not errors.
 */
import { inputError } from '../../util/errors';
import type { Bars } from '../bars';
import { SessionCalendar, checkExchange, type Session } from './sessions';
import { MINUTE_MS, TIMEFRAME_MINUTES, timeframeOfMinutes, type Timeframe } from './timeframe';

/** Kinds of intraday problems. */
export type IntradayCheckName = 'duplicates' | 'order' | 'outside_session' | 'mixed_timeframe' | 'gap';

/** One problem found by {@link checkIntraday}. */
export interface IntradayProblem {
  check: IntradayCheckName;
  /** Bar index. */
  index: number;
  /** Source line, when known. */
  line?: number;
  message: string;
}

/** Options of {@link checkIntraday}. */
export interface CheckIntradayOptions {
  /** The file's timeframe; detected from the most common step inside a session when absent. */
  timeframe?: Timeframe;
  /** Source line per bar (for messages). */
  lines?: Int32Array;
  /** Problems kept (default 20); counts cover all. */
  maxProblems?: number;
  /** Extra exchange closures (local day numbers). */
  extraHolidays?: Iterable<number>;
}

/** Defaults of {@link CheckIntradayOptions}. */
export const checkIntradayDefaults = { maxProblems: 20 };

/** Result of {@link checkIntraday}. */
export interface IntradayCheck {
  timeframe: Timeframe;
  /** Number of trading days with bars. */
  sessions: number;
  /** Days whose first bar is after the open or whose last bar ends before the close. */
  partialSessions: number;
  /** Problems (at most `maxProblems`). */
  problems: IntradayProblem[];
  /** Count per check over all bars. */
  counts: Record<IntradayCheckName, number>;
}

function detectTimeframe(bars: Bars, lines: Int32Array | undefined): Timeframe {
  const t = bars.times!;
  const seen = new Map<number, number>(); // step → count; the most common step inside sessions is the timeframe
  for (let i = 1; i < t.length; i++) {
    if (bars.dates[i] === bars.dates[i - 1] && t[i] > t[i - 1]) {
      const d = t[i] - t[i - 1];
      seen.set(d, (seen.get(d) ?? 0) + 1);
      if (seen.size > 64 || i > 100_000) break; // a sample is enough to find the common step
    }
  }
  let step = Infinity;
  let best = 0;
  for (const [d, c] of seen) if (c > best || (c === best && d < step)) [step, best] = [d, c];
  const tf = timeframeOfMinutes(step / MINUTE_MS);
  if (!tf) {
    const i = Array.from(t).findIndex((x, k) => k > 0 && x - t[k - 1] === step && bars.dates[k] === bars.dates[k - 1]);
    throw inputError({ line: lines?.[i], key: 'timeframe' }, 'bars 1, 5, 30 or 60 minutes apart inside a session', `a step of ${step / MINUTE_MS} minutes`);
  }
  return tf;
}

/**
 * Checks intraday bars (see the module comment for the rules).
 * @param bars bars with `times` (UTC ms) and `dates` (local days); `exchange` defaults to NYSE
 * @param options timeframe (detected when absent), lines, maxProblems
 * @returns the timeframe, session counts and problems
 * @throws InputError when the bars have no `times` or the timeframe cannot be detected
 */
export function checkIntraday(bars: Bars, options: CheckIntradayOptions = {}): IntradayCheck {
  const o = { ...checkIntradayDefaults, ...options };
  if (!bars.times) throw inputError({ key: 'times' }, 'intraday bars (with bar instants)', 'daily bars');
  const cal = new SessionCalendar(checkExchange(bars.exchange ?? 'NYSE'), { extraHolidays: o.extraHolidays });
  const tf = o.timeframe ?? detectTimeframe(bars, o.lines);
  const step = TIMEFRAME_MINUTES[tf] * MINUTE_MS;
  const t = bars.times;
  const n = t.length;
  const counts: Record<IntradayCheckName, number> = { duplicates: 0, order: 0, outside_session: 0, mixed_timeframe: 0, gap: 0 };
  const problems: IntradayProblem[] = [];
  const add = (check: IntradayCheckName, i: number, message: string) => {
    counts[check]++;
    if (problems.length < o.maxProblems) problems.push({ check, index: i, line: o.lines?.[i], message });
  };
  let sess: Session | undefined;
  let sessDay = NaN;
  let sessions = 0;
  let partial = 0;
  for (let i = 0; i < n; i++) {
    const day = bars.dates[i];
    if (day !== sessDay) {
      if (i > 0 && sess && t[i - 1] + step < sess.close) partial++;
      sessDay = day;
      sess = cal.session(day);
      sessions++;
      if (sess && t[i] > sess.open) partial++;
    }
    if (i > 0 && t[i] <= t[i - 1]) {
      if (t[i] === t[i - 1]) add('duplicates', i, `one bar per instant, received a second ${new Date(t[i]).toISOString()}`);
      else add('order', i, `instants in increasing order, received ${new Date(t[i]).toISOString()} after ${new Date(t[i - 1]).toISOString()}`);
      continue;
    }
    if (!sess) {
      add('outside_session', i, `bars on ${cal.exchange} trading days, received ${cal.localText(t[i])} local time (a weekend or holiday)`);
      continue;
    }
    if (t[i] < sess.open || t[i] >= sess.close) {
      add('outside_session', i, `bars inside the ${cal.exchange} session ${cal.localText(sess.open).slice(11)}–${cal.localText(sess.close).slice(11)} local time, received ${cal.localText(t[i])}`);
      continue;
    }
    if ((t[i] - sess.open) % step !== 0) {
      add('mixed_timeframe', i, `one timeframe per file (${tf} bars on the session grid from ${cal.localText(sess.open).slice(11)}), received a bar at ${cal.localText(t[i])}`);
      continue;
    }
    if (i > 0 && bars.dates[i - 1] === day && t[i] - t[i - 1] > step && (t[i - 1] - sess.open) % step === 0) {
      const missing = (t[i] - t[i - 1]) / step - 1;
      add('gap', i, `consecutive ${tf} bars inside a session, received a gap of ${missing} bar(s) between ${cal.localText(t[i - 1])} and ${cal.localText(t[i]).slice(11)}`);
    }
  }
  if (n > 0 && sess && t[n - 1] + step < sess.close) partial++;
  return { timeframe: tf, sessions, partialSessions: partial, problems, counts };
}

/**
 * {@link checkIntraday} that throws at the first problem (imports: nothing is written).
 * @param source file name for the error
 * @returns the check result (no problems)
 * @throws InputError `file:line: <message>` naming the check
 */
export function assertIntraday(bars: Bars, source: string, options: CheckIntradayOptions = {}): IntradayCheck {
  const r = checkIntraday(bars, { ...options, maxProblems: 1 });
  const p = r.problems[0];
  if (p) {
    const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
    const more = total > 1 ? ` (${total} problems in all: ${Object.entries(r.counts).filter(([, c]) => c > 0).map(([k, c]) => `${k} ${c}`).join(', ')})` : '';
    throw inputError({ file: source, line: p.line, column: 'datetime' }, `${p.check}: expected ${p.message}${more}`);
  }
  return r;
}
