import { threadId } from 'node:worker_threads';

/**
 * Phase timings on stderr when RAMPART_TRACE is set, for performance work
 * (docs/performance.md). Silent otherwise.
 */
const enabled = Boolean(process.env.RAMPART_TRACE);
const origin = performance.timeOrigin;

export function trace(phase: string): void {
  if (!enabled) return;
  const ms = (performance.timeOrigin - origin + performance.now()).toFixed(0);
  const rss = (process.memoryUsage.rss() / 1e6).toFixed(0);
  process.stderr.write(`[rampart ${ms.padStart(6)} ms, thread ${threadId}, rss ${rss} MB] ${phase}\n`);
}
