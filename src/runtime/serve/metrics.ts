import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The runtime's Prometheus metrics, in a registry of their own. */
export class RuntimeMetrics {
  readonly registry = new Registry();
  readonly received: Counter<'input'>;
  readonly rejected: Counter<'input' | 'reason'>;
  readonly processed: Counter<'source'>;
  readonly alerts: Counter<'rule' | 'priority'>;
  readonly alertsSuppressed: Counter<'rule' | 'reason'>;
  readonly sinkDelivered: Counter<'sink'>;
  readonly sinkDropped: Counter<'sink' | 'reason'>;
  readonly queueDepth: Gauge;
  readonly latency: Histogram;
  readonly requests: Counter<'path' | 'code'>;

  constructor(defaults = true) {
    const registers = [this.registry];
    this.received = new Counter({ name: 'rampart_runtime_events_received_total', help: 'Events received, by input (webhook, file, stdin).', labelNames: ['input'], registers });
    this.rejected = new Counter({
      name: 'rampart_runtime_events_dropped_total',
      help: 'Events not evaluated, by input and reason: queue_full (answered 429 so the API server retries the batch) or malformed.',
      labelNames: ['input', 'reason'],
      registers,
    });
    this.processed = new Counter({ name: 'rampart_runtime_events_processed_total', help: 'Events evaluated against the rules, by source.', labelNames: ['source'], registers });
    this.alerts = new Counter({ name: 'rampart_runtime_alerts_total', help: 'Alerts raised, by rule and priority (before rate limiting).', labelNames: ['rule', 'priority'], registers });
    this.alertsSuppressed = new Counter({ name: 'rampart_runtime_alerts_suppressed_total', help: 'Alerts not sent, by rule and reason (rate_limit, duplicate).', labelNames: ['rule', 'reason'], registers });
    this.sinkDelivered = new Counter({ name: 'rampart_runtime_sink_delivered_total', help: 'Alerts delivered, by sink.', labelNames: ['sink'], registers });
    this.sinkDropped = new Counter({ name: 'rampart_runtime_sink_dropped_total', help: 'Alerts a sink gave up on, by sink and reason (buffer_full, failed).', labelNames: ['sink', 'reason'], registers });
    this.queueDepth = new Gauge({ name: 'rampart_runtime_queue_depth', help: 'Events waiting in the input queue.', registers });
    this.latency = new Histogram({
      name: 'rampart_runtime_event_latency_seconds',
      help: 'Time from receiving an event to having evaluated it.',
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    this.requests = new Counter({ name: 'rampart_runtime_http_requests_total', help: 'HTTP requests to the audit webhook by path and status code.', labelNames: ['path', 'code'], registers });
    if (defaults) collectDefaultMetrics({ register: this.registry });
  }
}
