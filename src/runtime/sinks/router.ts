import { stringify } from 'lossless-json';
import type { Alert } from '../engine.js';
import type { AlertSink } from './sink.js';

export interface RouterOptions {
  /** Alerts per second each rule may send (token bucket); 0 = unlimited. */
  readonly ratePerRule?: number;
  /** Bucket size: alerts a rule may send in a burst. */
  readonly burst?: number;
  /** Suppress an alert identical (same rule and output fields) to one sent within this many ms; 0 = off. */
  readonly dedupWindowMs?: number;
  readonly now?: () => number;
  suppressed?(rule: string, reason: 'rate_limit' | 'duplicate'): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_DEDUP_KEYS = 50_000;

/** Fans alerts out to every sink, after per-rule rate limiting and de-duplication. */
export class AlertRouter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly recent = new Map<string, number>();
  private readonly now: () => number;

  constructor(readonly sinks: readonly AlertSink[], private readonly options: RouterOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  route(alert: Alert): boolean {
    const now = this.now();
    const window = this.options.dedupWindowMs ?? 0;
    if (window > 0) {
      const key = `${alert.rule}\u0000${stringify(alert.outputFields) ?? ''}`;
      const last = this.recent.get(key);
      if (last !== undefined && now - last < window) {
        this.options.suppressed?.(alert.rule, 'duplicate');
        return false;
      }
      if (this.recent.size >= MAX_DEDUP_KEYS) {
        for (const [k, t] of this.recent) if (now - t >= window) this.recent.delete(k);
        if (this.recent.size >= MAX_DEDUP_KEYS) this.recent.clear();
      }
      this.recent.set(key, now);
    }
    const rate = this.options.ratePerRule ?? 0;
    if (rate > 0) {
      const burst = Math.max(1, this.options.burst ?? rate);
      const b = this.buckets.get(alert.rule) ?? { tokens: burst, at: now };
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
      b.at = now;
      this.buckets.set(alert.rule, b);
      if (b.tokens < 1) {
        this.options.suppressed?.(alert.rule, 'rate_limit');
        return false;
      }
      b.tokens -= 1;
    }
    for (const s of this.sinks) s.send(alert);
    return true;
  }

  async close(): Promise<void> {
    await Promise.all(this.sinks.map((s) => s.close()));
  }
}
