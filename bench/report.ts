import { SqlCounts } from './processes';

export type Row = [measure: string, app: string, ceiling: string, ratio: string, target: string];

export const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');
export const pct = (a: number, b: number): string => (Number.isFinite(a / b) && b > 0 ? `${((a / b) * 100).toFixed(0)} %` : '—');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function addCounts(a: SqlCounts, b: SqlCounts): SqlCounts {
  const byVerb = { ...a.byVerb };
  for (const [verb, n] of Object.entries(b.byVerb)) byVerb[verb] = (byVerb[verb] ?? 0) + n;
  return { statements: a.statements + b.statements, transactions: a.transactions + b.transactions, byVerb };
}

export const noCounts = (): SqlCounts => ({ statements: 0, transactions: 0, byVerb: {} });

/** A Markdown table: the rows, their columns padded. */
export function table(rows: Row[]): string {
  const head: Row = ['measure', 'byoc-bridge', 'ceiling', 'ratio', 'target'];
  const widths = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  const line = (r: Row) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
