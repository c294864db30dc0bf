import { createServer } from 'node:http';
import { type LevelWithSilent, type Logger, pino } from 'pino';
import { CertificateFiles } from '../admission/serve/tls.js';
import { nowNanos } from '../runtime/inputs/events.js';
import { followFile } from '../runtime/inputs/follow.js';
import { readEventFile } from '../runtime/inputs/read-events.js';
import { createRuntimeLogger } from '../runtime/serve/logger.js';
import { RuntimeMetrics } from '../runtime/serve/metrics.js';
import { Pipeline } from '../runtime/serve/pipeline.js';
import { startAuditWebhook } from '../runtime/serve/webhook.js';
import { AlertRouter } from '../runtime/sinks/router.js';
import type { AlertSink, SinkEvents } from '../runtime/sinks/sink.js';
import { falcosidekickSink, slackSink } from '../runtime/sinks/http.js';
import { fileSink, stdoutSink } from '../runtime/sinks/stream.js';
import type { CommandIO, CommandRun } from './command.js';
import { decoderForCommand, loadRulesForCommand } from './runtime-rules.js';

function parseAddress(value: string): { host: string; port: number } | undefined {
  const m = /^(?:(.*):)?(\d+)$/.exec(value.trim());
  if (!m) return undefined;
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port > 65535) return undefined;
  return { host: m[1] === undefined || m[1] === '' ? '0.0.0.0' : m[1].replace(/^\[|\]$/g, ''), port };
}

const nonNegative = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

/** `rampart runtime`: evaluate audit events from the webhook, a followed log, or stdin, and route the alerts. */
export const run: CommandRun = (_args, options, io) => runRuntime(options, io);

async function runRuntime(options: Record<string, unknown>, io: CommandIO): Promise<number> {
  const fail = (message: string) => {
    io.error(`rampart runtime: ${message}`);
    return 2;
  };
  const webhookAddress = typeof options.auditWebhook === 'string' ? parseAddress(options.auditWebhook) : undefined;
  if (typeof options.auditWebhook === 'string' && !webhookAddress) return fail(`--audit-webhook expects [host:]port, got "${options.auditWebhook}"`);
  const logFile = typeof options.auditLog === 'string' ? options.auditLog : undefined;
  if (!webhookAddress && logFile === undefined) return fail('give an input: --audit-webhook [host:]port and/or --audit-log FILE (- for stdin)');
  if (webhookAddress && !options.plainHttp && (typeof options.tlsCert !== 'string' || typeof options.tlsKey !== 'string')) {
    return fail('--audit-webhook needs --tls-cert and --tls-key (the API server calls webhooks over HTTPS); --plain-http for local tests');
  }
  const queueSize = nonNegative(options.queueSize);
  if (queueSize === undefined || queueSize < 1 || !Number.isInteger(queueSize)) return fail(`--queue-size expects a positive number of events, got "${String(options.queueSize)}"`);
  const rate = nonNegative(options.rateLimit);
  if (rate === undefined) return fail(`--rate-limit expects alerts per second, got "${String(options.rateLimit)}"`);
  const burst = options.rateBurst === undefined ? undefined : nonNegative(options.rateBurst);
  if (options.rateBurst !== undefined && burst === undefined) return fail(`--rate-burst expects a number, got "${String(options.rateBurst)}"`);
  const dedup = nonNegative(options.dedupWindow);
  if (dedup === undefined) return fail(`--dedup-window expects seconds, got "${String(options.dedupWindow)}"`);
  const metricsAddress = typeof options.metricsAddress === 'string' ? parseAddress(options.metricsAddress) : undefined;
  if (typeof options.metricsAddress === 'string' && !metricsAddress) return fail(`--metrics-address expects [host:]port, got "${options.metricsAddress}"`);
  const decoder = decoderForCommand('runtime', options, io);
  if (!decoder) return 2;
  const urls = [...(Array.isArray(options.webhook) ? options.webhook.map(String) : []), ...(typeof options.slackWebhook === 'string' ? [options.slackWebhook] : [])];
  for (const u of urls) if (!/^https?:\/\//.test(u)) return fail(`alert webhook URLs must be http(s)://, got "${u}"`);

  let certificates: CertificateFiles | undefined;
  if (webhookAddress && !options.plainHttp) {
    try {
      certificates = new CertificateFiles(String(options.tlsCert), String(options.tlsKey));
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  }

  const loaded = loadRulesForCommand('runtime', options, io);
  if (!loaded) return 2;
  if (loaded.errors > 0) {
    certificates?.close();
    return fail(`${loaded.errors} rules load error(s); fix them or check with: rampart runtime validate`);
  }
  // stdout carries the alerts; logs go to stderr.
  const logger = createRuntimeLogger(String(options.logLevel) as LevelWithSilent, pino.destination(2));
  const metrics = new RuntimeMetrics();
  const sinkEvents: SinkEvents = {
    delivered: (sink) => metrics.sinkDelivered.inc({ sink }),
    dropped: (sink, reason) => metrics.sinkDropped.inc({ sink, reason }),
    error: (sink, message) => logger.warn({ sink }, message),
  };
  const sinks: AlertSink[] = [];
  if (options.stdout !== 'none') sinks.push(stdoutSink(options.stdout === 'text' ? 'text' : 'json', sinkEvents));
  if (typeof options.alertsFile === 'string') sinks.push(fileSink(options.alertsFile, sinkEvents));
  for (const u of Array.isArray(options.webhook) ? options.webhook.map(String) : []) sinks.push(falcosidekickSink(u, sinkEvents));
  if (typeof options.slackWebhook === 'string') sinks.push(slackSink(options.slackWebhook, sinkEvents));
  const router = new AlertRouter(sinks, {
    ratePerRule: rate,
    ...(burst !== undefined ? { burst } : {}),
    dedupWindowMs: dedup * 1000,
    suppressed: (rule, reason) => metrics.alertsSuppressed.inc({ rule, reason }),
  });
  const pipeline = new Pipeline({ engine: loaded.engine, router, metrics, capacity: queueSize });
  logger.info({ rules: loaded.engine.enabledRules().length, sinks: sinks.map((s) => s.name) }, 'rules loaded');

  const stoppers: (() => Promise<void> | void)[] = [];
  try {
    if (webhookAddress) {
      const server = await startAuditWebhook({
        port: webhookAddress.port,
        host: webhookAddress.host,
        ...(certificates ? { certificates: certificates.watch() } : {}),
        pipeline,
        metrics,
        logger,
        // Checked by decoderForCommand.
        maxEventSize: Number(options.maxEventSize),
      });
      stoppers.push(() => server.close(), () => certificates?.close());
    }
    if (metricsAddress) stoppers.push(await serveMetrics(metricsAddress, metrics, logger));
  } catch (error) {
    for (const stop of stoppers.reverse()) await stop();
    return fail(`cannot listen: ${error instanceof Error ? error.message : String(error)}`);
  }

  const source = String(options.source);
  const shutdown = async () => {
    for (const stop of stoppers.reverse()) await stop();
    await pipeline.drained();
    await router.close();
  };

  if (logFile === '-') {
    for await (const item of readEventFile('-', decoder)) {
      const event = item.event;
      metrics.received.inc({ input: 'stdin' });
      if (event.ok) pipeline.processNow(source, event.payload, event);
      else {
        metrics.rejected.inc({ input: 'stdin', reason: 'malformed' });
        logger.warn({ where: item.where }, event.message);
      }
    }
    if (!webhookAddress) {
      await shutdown();
      return 0;
    }
  } else if (logFile !== undefined) {
    let lineNo = 0;
    const follower = followFile(logFile, {
      fromStart: options.fromStart === true,
      onError: (message) => logger.warn(message),
      onLine: (line) => {
        lineNo++;
        for (const event of decoder.decode(line, nowNanos)) {
          metrics.received.inc({ input: 'file' });
          if (event.ok) pipeline.processNow(source, event.payload, event);
          else {
            metrics.rejected.inc({ input: 'file', reason: 'malformed' });
            logger.warn({ where: `${logFile}:${lineNo}` }, event.message);
          }
        }
      },
    });
    stoppers.push(() => follower.stop());
  }

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('shutting down');
  await shutdown();
  return 0;
}

async function serveMetrics(address: { host: string; port: number }, metrics: RuntimeMetrics, logger: Logger): Promise<() => Promise<void>> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      void metrics.registry.metrics().then((body) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(body);
      });
    } else if (req.url === '/healthz') res.end('ok');
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, resolve);
  });
  logger.info({ address: `${address.host}:${address.port}` }, 'metrics listening');
  return () => new Promise((resolve) => server.close(() => resolve()));
}
