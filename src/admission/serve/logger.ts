import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/**
 * The `component` field of every log line, so that logs collected from both daemons can be told
 * apart: the admission webhook (`rampart admission serve`) and the runtime daemon (`rampart runtime`).
 */
export type LogComponent = 'rampart-admission' | 'rampart-runtime';

/**
 * Structured JSON logs (one object a line) for the webhook. Request logs carry the review's uid,
 * namespace, kind, decision and duration; object contents are never logged, and paths that could
 * hold secrets are redacted should they ever be passed.
 */
export function createLogger(level: LevelWithSilent, destination?: DestinationStream, component: LogComponent = 'rampart-admission'): Logger {
  const options = {
    level,
    base: { component },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    redact: { paths: ['object', 'oldObject', 'request.object', 'request.oldObject', 'body', 'headers.authorization'], remove: true },
  };
  return destination ? pino(options, destination) : pino(options);
}
