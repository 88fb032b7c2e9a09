/** Plain-text rendering of a {@link QualityReport} (CLI, logs, notebooks). */
import type { QualityIssue, QualityReport } from './quality';

function where(e: QualityIssue): string {
  const parts: string[] = [];
  if (e.line !== undefined) parts.push(`line ${e.line}`);
  else if (e.key !== undefined) parts.push(e.key);
  else if (e.row !== undefined) parts.push(`row ${e.row}`);
  if (e.date !== undefined) parts.push(e.date);
  return parts.join(' ');
}

/**
 * Formats a quality report as a human-readable table: a title line, one row per check (status, count,
 * details), then the first offending rows of each failed or warning check.
 * @param report from validateBars / loadBarsWithReport
 * @returns multi-line text without a trailing newline
 */
export function formatQualityReport(report: QualityReport): string {
  const c = report.completeness;
  const span = report.rows ? `${report.firstDate} … ${report.lastDate}` : 'no rows';
  const out: string[] = [
    `Quality report: ${report.symbol}${report.source ? ` (${report.source}${report.format ? `, ${report.format}` : ''})` : ''}`,
    `${report.rows} rows, ${span}: ${report.ok ? 'OK' : 'NOT OK'}`,
    '',
    `${'check'.padEnd(13)} ${'status'.padEnd(7)} ${'count'.padStart(7)}  details`,
  ];
  for (const ch of report.checks) {
    const status = ch.skipped !== undefined ? 'skipped' : ch.passed ? (ch.count ? 'warn' : 'ok') : ch.severity === 'error' ? 'FAIL' : 'warn';
    let details = ch.skipped ?? '';
    if (ch.name === 'completeness' && ch.skipped === undefined) {
      details = `${c.missing}/${c.expected} expected days missing (calendar ${c.calendar}, ${(c.missingFraction * 100).toFixed(2)} %, max ${(c.maxMissingFraction * 100).toFixed(0)} %), longest gap ${c.longestGap}`;
    }
    out.push(`${ch.name.padEnd(13)} ${status.padEnd(7)} ${String(ch.count).padStart(7)}  ${details}`.trimEnd());
  }
  for (const ch of report.checks) {
    if (ch.skipped !== undefined || ch.examples.length === 0) continue;
    out.push('', `${ch.name} (first ${ch.examples.length} of ${ch.count}):`);
    for (const e of ch.examples) out.push(`  ${where(e)}: ${e.message}`);
  }
  if (report.ignoredColumns.length) out.push('', `ignored columns: ${report.ignoredColumns.join(', ')}`);
  for (const n of report.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
