/** Falco's eight priorities, most severe first (falco_common.cpp). */
export const PRIORITIES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Case-insensitive, with "info" accepted for Informational as upstream does. */
export function parsePriority(text: string): Priority | undefined {
  const lower = text.toLowerCase();
  if (lower === 'info') return 'Informational';
  return PRIORITIES.find((p) => p.toLowerCase() === lower);
}

/** Lower is more severe. */
export function priorityRank(p: Priority): number {
  return PRIORITIES.indexOf(p);
}
