import { Server as TlsServer } from 'node:tls';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import type { CertificateFiles } from '../../admission/serve/tls.js';
import { DEFAULT_MAX_EVENT_SIZE } from '../inputs/event-size.js';
import { auditEventsOf, nowNanos } from '../inputs/events.js';
import { parseAuditJson } from '../inputs/audit-json.js';
import { decodeText } from '../inputs/lines.js';
import { isObject } from '../sources/json-value.js';
import type { RuntimeMetrics } from './metrics.js';
import type { Pipeline } from './pipeline.js';

export const AUDIT_PATH = '/k8s-audit';
/**
 * The k8saudit plugin's webhookMaxBatchSize default (pkg/k8saudit/config.go: 12 * 1024 * 1024): a
 * body of more bytes is refused. The plugin reads the body through http.MaxBytesReader and answers
 * the error with 400 (`bad request: http: request body too large`), closing the connection.
 */
export const DEFAULT_MAX_BODY_BYTES = 12 * 1024 * 1024;
const INVALID_JSON = 'invalid JSON: ';

export interface AuditWebhookOptions {
  readonly port: number;
  readonly host?: string;
  /** TLS certificate and key (reloaded when the files change); plain HTTP only when undefined. */
  readonly certificates?: CertificateFiles;
  readonly pipeline: Pipeline;
  readonly metrics: RuntimeMetrics;
  readonly logger: Logger;
  readonly maxBodyBytes?: number;
  /** Events larger than this, in bytes of their JSON without whitespace, are dropped (the k8saudit plugin's maxEventSize; default 262,144). */
  readonly maxEventSize?: number;
  /** Refuse without reading the body when the queue has room for fewer events than this (default 400). */
  readonly earlyRefusalEvents?: number;
}

export interface AuditWebhook {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const problem = (reply: FastifyReply, code: number, error: string, message: string) => reply.code(code).send({ error, message });

/** A request body as the content-type parser leaves it. */
const isBody = (body: unknown): body is { readonly text: string; readonly bytes: number } => typeof body === 'object' && body !== null && typeof (body as { text?: unknown }).text === 'string';

/**
 * The endpoint kube-apiserver's audit webhook backend posts `audit.k8s.io/v1` EventLists to
 * (POST /k8s-audit, as Falco's k8saudit plugin). It only parses and enqueues: 200 as soon as the
 * batch is queued, 429 with Retry-After when the queue cannot take the whole batch (the API server
 * retries it later), 400 for a body that is not an EventList or is larger than the limit.
 * Evaluation happens off the request. Every 400 and 415 is logged at warn, once, with the remote address and the reason (never
 * the body), as is a batch answered 200 whose malformed items were dropped. A full queue is logged
 * when it starts refusing (warn) and when it accepts again (info, with how many it refused).
 */
export async function startAuditWebhook(options: AuditWebhookOptions): Promise<AuditWebhook> {
  const { metrics, logger, pipeline, certificates } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  const app = Fastify({
    ...(certificates ? { https: { ...certificates.pair } } : {}),
    bodyLimit: maxBodyBytes,
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    keepAliveTimeout: 30_000,
  });
  app.removeAllContentTypeParsers();
  // The body stays text (and its length in bytes): the route reads it as the k8saudit plugin's JSON parser does (parseAuditJson).
  app.addContentTypeParser(['application/json', 'application/json; charset=utf-8'], { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, typeof body === 'string' ? { text: body, bytes: Buffer.byteLength(body) } : { text: decodeText(body), bytes: body.length });
  });

  certificates?.on('reload', (pair: { cert: Buffer; key: Buffer }) => {
    const server: unknown = app.server;
    if (server instanceof TlsServer) server.setSecureContext(pair);
    logger.info({ notAfter: certificates.notAfter }, 'serving certificate reloaded');
  });
  certificates?.on('reload-error', (message: string) => logger.error({ err: message }, 'new serving certificate rejected; still serving the previous one'));

  /** One warn line per request refused for what it sent: who sent it and why, never what. */
  const rejected = (request: FastifyRequest, status: number, reason: string, extra: Record<string, number> = {}) =>
    logger.warn({ remote: request.ip, path: request.url.split('?')[0], status, ...extra, err: reason }, status < 400 ? 'audit events dropped' : 'audit webhook request rejected');

  // A full queue refuses every batch until it drains, up to hundreds a second: one warn line when
  // refusing starts, one info line with the count when a batch is accepted again.
  let refusedSinceFull = 0;
  const refusedFull = (request: FastifyRequest) => {
    if (refusedSinceFull++ === 0) {
      logger.warn({ remote: request.ip, queued: pipeline.depth }, 'audit event queue is full: answering 429 (the API server retries) until it drains');
    }
  };
  const acceptedAgain = () => {
    if (refusedSinceFull === 0) return;
    logger.info({ refused: refusedSinceFull, queued: pipeline.depth }, 'audit event queue accepts batches again');
    refusedSinceFull = 0;
  };

  app.addHook('onResponse', (request, reply, done) => {
    metrics.requests.inc({ path: request.routeOptions.url ?? 'unmatched', code: String(reply.statusCode) });
    done();
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const message = `request body is larger than the limit of ${maxBodyBytes} bytes`;
      // 400, not 413, and the connection closed, as the plugin answers (see DEFAULT_MAX_BODY_BYTES).
      rejected(request, 400, message);
      void reply.header('connection', 'close');
      return problem(reply, 400, 'BadRequest', message);
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      rejected(request, 415, `unsupported Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')}: expected application/json`);
      return problem(reply, 415, 'UnsupportedMediaType', 'send application/json');
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      metrics.rejected.inc({ input: 'webhook', reason: 'malformed' });
      rejected(request, error.statusCode, error.message);
      return problem(reply, error.statusCode, 'BadRequest', error.message);
    }
    logger.error({ err: error.message }, 'request failed');
    return problem(reply, 500, 'InternalError', 'internal error');
  });
  app.setNotFoundHandler((request, reply) => problem(reply, 404, 'NotFound', `no route for ${request.method} ${request.url.split('?')[0]}`));

  // kube-apiserver sends at most --audit-webhook-batch-max-size events (400 by default) a request:
  // with less room than that, refuse before reading the body, so an overloaded server spends its
  // CPU on evaluating what it already accepted rather than on parsing what it must refuse.
  const earlyRefusal = options.earlyRefusalEvents ?? 400;
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method === 'POST' && request.url.split('?')[0] === AUDIT_PATH && pipeline.room < earlyRefusal) {
      // Counted in rampart_runtime_http_requests_total{code="429"}: the events were never read.
      refusedFull(request);
      void reply.header('retry-after', '1').code(429).send({ error: 'TooManyRequests', message: `event queue is full (${pipeline.depth} events waiting); retry later` });
      return;
    }
    done();
  });

  app.post(AUDIT_PATH, (request, reply) => {
    const { text, bytes } = isBody(request.body) ? request.body : { text: '', bytes: 0 };
    const json = parseAuditJson(text, maxEventSize, bytes);
    if (!json.ok) {
      // The reason names no part of the body (not even the excerpt V8 quotes in some JSON.parse errors).
      const message = json.message.startsWith(INVALID_JSON) ? `request body is not valid JSON: ${json.message.slice(INVALID_JSON.length)}` : `request body is ${json.message}`;
      metrics.rejected.inc({ input: 'webhook', reason: 'malformed' });
      rejected(request, 400, message);
      return problem(reply, 400, 'BadRequest', message);
    }
    const body = json.value;
    const decoded = auditEventsOf(body, nowNanos, json.sizes && { maxEventSize, sizes: json.sizes });
    const events: { payload: unknown; ts: bigint }[] = [];
    let malformed = 0;
    for (const e of decoded) {
      if (e.ok) events.push(e);
      else malformed++;
    }
    // The decoder's messages are fixed texts: they say what is wrong, never a value of the body.
    const reason = () => {
      const reasons = [...new Set(decoded.flatMap((e) => (e.ok ? [] : [e.message])))].join('; ');
      const listed = isObject(body) && body.kind === 'EventList' && Array.isArray(body.items);
      return listed ? `${malformed} of ${decoded.length} EventList items: ${reasons}` : reasons;
    };
    if (malformed > 0) metrics.rejected.inc({ input: 'webhook', reason: 'malformed' }, malformed);
    if (events.length === 0 && malformed > 0) {
      rejected(request, 400, reason());
      return problem(reply, 400, 'BadRequest', 'body is not an audit.k8s.io EventList or Event');
    }
    if (!pipeline.offer('webhook', 'k8s_audit', events)) {
      refusedFull(request);
      void reply.header('retry-after', '1');
      return problem(reply, 429, 'TooManyRequests', `event queue is full (${pipeline.depth} events waiting); retry later`);
    }
    acceptedAgain();
    if (malformed > 0) rejected(request, 200, reason(), { dropped: malformed, accepted: events.length });
    return reply.code(200).send();
  });
  app.get('/healthz', (_request, reply) => reply.type('text/plain').send('ok'));
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('audit webhook is not listening on a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  const url = `${certificates ? 'https' : 'http'}://${host}:${address.port}`;
  logger.info({ url: `${url}${AUDIT_PATH}`, maxBodyBytes }, 'audit webhook listening');
  let closed: Promise<void> | undefined;
  return {
    port: address.port,
    url,
    close() {
      closed ??= (async () => {
        const force = setTimeout(() => app.server.closeAllConnections(), 10_000);
        force.unref();
        await app.close();
        clearTimeout(force);
      })();
      return closed;
    },
  };
}
