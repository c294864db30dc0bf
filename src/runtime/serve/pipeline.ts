import type { RuntimeEngine } from '../engine.js';
import type { AlertRouter } from '../sinks/router.js';
import type { RuntimeMetrics } from './metrics.js';
import { BoundedQueue } from './queue.js';

type Clock = bigint | { readonly ts: bigint };

interface Queued {
  readonly source: string;
  readonly payload: unknown;
  readonly ts: Clock;
  readonly receivedAt: number;
}

export interface PipelineOptions {
  readonly engine: RuntimeEngine;
  readonly router: AlertRouter;
  readonly metrics: RuntimeMetrics;
  /** Events held between receiving and evaluating; a batch that does not fit is refused whole. */
  readonly capacity: number;
  /** Events evaluated per turn of the event loop before yielding to network I/O. */
  readonly slice?: number;
}

/**
 * Receiving and evaluating are decoupled: inputs `offer` batches to a bounded queue and return at
 * once; the queue drains in slices between I/O turns, so a slow rule never blocks the webhook's
 * answers and a burst beyond the capacity is refused (and counted) instead of exhausting memory.
 */
export class Pipeline {
  private readonly queue: BoundedQueue<Queued>;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: PipelineOptions) {
    this.queue = new BoundedQueue(options.capacity);
  }

  get depth(): number {
    return this.queue.size;
  }

  /** Room left in the queue, in events. */
  get room(): number {
    return this.queue.capacity - this.queue.size;
  }

  /** Enqueues a batch of decoded events for `source`; false when it does not fit (nothing taken). */
  offer(input: string, source: string, events: readonly { readonly payload: unknown; readonly ts: bigint }[]): boolean {
    const { metrics } = this.options;
    metrics.received.inc({ input }, events.length);
    const receivedAt = performance.now();
    if (!this.queue.offer(events.map((e) => ({ source, payload: e.payload, ts: e, receivedAt })))) {
      metrics.rejected.inc({ input, reason: 'queue_full' }, events.length);
      return false;
    }
    metrics.queueDepth.set(this.queue.size);
    this.schedule();
    return true;
  }

  /** Evaluates synchronously (file and stdin inputs pace themselves). */
  processNow(source: string, payload: unknown, ts: Clock): void {
    this.evaluate({ source, payload, ts, receivedAt: performance.now() });
  }

  /** Resolves when everything offered so far has been evaluated. */
  drained(): Promise<void> {
    if (this.queue.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    const slice = this.options.slice ?? 2_000;
    for (let i = 0; i < slice; i++) {
      const item = this.queue.poll();
      if (!item) break;
      this.evaluate(item);
    }
    this.options.metrics.queueDepth.set(this.queue.size);
    if (this.queue.size > 0) this.schedule();
    else {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private evaluate(item: Queued): void {
    const { engine, router, metrics } = this.options;
    const alerts = engine.process(item.source, item.payload, item.ts);
    metrics.processed.inc({ source: item.source });
    for (const alert of alerts) {
      metrics.alerts.inc({ rule: alert.rule, priority: alert.priority });
      router.route(alert);
    }
    metrics.latency.observe((performance.now() - item.receivedAt) / 1000);
  }
}
