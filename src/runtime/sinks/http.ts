import type { Alert } from '../engine.js';
import { falcoJson } from '../output/falco-json.js';
import type { AlertSink, SinkEvents } from './sink.js';

export interface HttpSinkOptions {
  readonly name: string;
  readonly url: string;
  /** Alerts held while the endpoint is slow or down; beyond it new alerts are dropped and counted. */
  readonly bufferSize?: number;
  readonly retries?: number;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** The JSON request body for one alert. */
  readonly body: (alert: Alert) => string;
  /** Waits between retries (tests make it instant). */
  readonly backoffMs?: (attempt: number) => number;
}

/**
 * POSTs each alert as JSON, with a bounded buffer, a few concurrent requests, retries with
 * exponential backoff on network errors, 429 and 5xx, and counted drops.
 */
export function httpSink(options: HttpSinkOptions, events: SinkEvents): AlertSink {
  const buffer: Alert[] = [];
  const capacity = options.bufferSize ?? 10_000;
  const retries = options.retries ?? 3;
  const concurrency = options.concurrency ?? 4;
  const backoff = options.backoffMs ?? ((n: number) => Math.min(10_000, 250 * 2 ** n));
  let active = 0;
  let idle: (() => void) | undefined;

  const post = async (alert: Alert): Promise<boolean> => {
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: options.body(alert),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return true;
        if (response.status !== 429 && response.status < 500) {
          events.error(options.name, `${options.url} answered ${response.status}; alert dropped`);
          return false;
        }
      } catch (error) {
        if (attempt === retries) events.error(options.name, `cannot reach ${options.url}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (attempt < retries) await new Promise((r) => setTimeout(r, backoff(attempt)));
    }
    return false;
  };

  const pump = () => {
    while (active < concurrency && buffer.length > 0) {
      const alert = buffer.shift();
      if (!alert) break;
      active++;
      void post(alert).then((ok) => {
        active--;
        if (ok) events.delivered(options.name);
        else events.dropped(options.name, 'failed');
        if (buffer.length > 0) pump();
        else if (active === 0) idle?.();
      });
    }
  };

  return {
    name: options.name,
    send(alert) {
      if (buffer.length >= capacity) {
        events.dropped(options.name, 'buffer_full');
        return;
      }
      buffer.push(alert);
      pump();
    },
    close() {
      if (active === 0 && buffer.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        idle = resolve;
      });
    },
  };
}

/** Falcosidekick's input: the Falco JSON alert, byte for byte as Falco posts it (times as exact integers). */
export function falcosidekickSink(url: string, events: SinkEvents, extra: Partial<HttpSinkOptions> = {}): AlertSink {
  return httpSink({ name: 'webhook', url, body: (a) => falcoJson(a), ...extra }, events);
}

const COLORS: Readonly<Record<string, string>> = {
  Emergency: '#e20b0b',
  Alert: '#ff5400',
  Critical: '#ff9000',
  Error: '#ff9000',
  Warning: '#f7e14a',
  Notice: '#5bffb5',
  Informational: '#68c2ff',
  Debug: '#ccfff2',
};

/** A Slack incoming-webhook message: the output line, with rule, priority, source, time and tags as fields. */
export function slackMessage(alert: Alert): unknown {
  const fields = [
    { title: 'rule', value: alert.rule, short: true },
    { title: 'priority', value: alert.priority, short: true },
    { title: 'source', value: alert.source, short: true },
    { title: 'hostname', value: alert.hostname, short: true },
    ...(alert.tags.length > 0 ? [{ title: 'tags', value: alert.tags.join(', '), short: false }] : []),
  ];
  return {
    text: `${alert.priority}: ${alert.rule}`,
    attachments: [{ fallback: alert.output, color: COLORS[alert.priority] ?? '#cccccc', text: alert.output, fields, footer: 'rampart runtime' }],
  };
}

export function slackSink(url: string, events: SinkEvents, extra: Partial<HttpSinkOptions> = {}): AlertSink {
  return httpSink({ name: 'slack', url, body: (a) => JSON.stringify(slackMessage(a)), ...extra }, events);
}
