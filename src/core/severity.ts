export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

const rank: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && value in rank;
}

export function severityRank(severity: Severity): number {
  return rank[severity];
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return rank[severity] >= rank[threshold];
}

/** Sorts most severe first. */
export function compareSeverityDesc(a: Severity, b: Severity): number {
  return rank[b] - rank[a];
}
