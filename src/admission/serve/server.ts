import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Logger } from 'pino';
import { asRecord, asString } from '../../k8s/access.js';
import type { NamespaceSource } from '../namespaces/source.js';
import { type AdmissionRequest, parseAdmissionReview, reviewResponse } from '../review.js';
import type { ReviewOutcome, Reviewer } from '../reviewer.js';
import type { AdmissionMetrics } from './metrics.js';
import type { CertificateFiles } from './tls.js';
import { DEFAULT_MAX_BODY_BYTES } from './defaults.js';

export interface AdmissionServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly certificates: CertificateFiles;
  readonly reviewer: Reviewer;
  readonly namespaces: NamespaceSource;
  readonly metrics: AdmissionMetrics;
  readonly logger: Logger;
  /** Serve POST /mutate (off by default). */
  readonly mutate?: boolean;
  readonly maxBodyBytes?: number;
  /** How long shutdown waits for in-flight reviews before closing their connections. */
  readonly shutdownTimeoutMs?: number;
}

export interface AdmissionServer {
  readonly port: number;
  readonly url: string;
  /** Stops accepting, answers every review already received, then closes. */
  close(): Promise<void>;
}

const REVIEW_PATHS = new Set(['/validate', '/mutate']);

/** A JSON error body for anything that is not an AdmissionReview answer. */
const problem = (reply: FastifyReply, code: number, error: string, message: string) => reply.code(code).send({ error, message });

/** The longest `request.uid` logged: the API server's are UUIDs (36 characters); a longer one is not its. */
const MAX_LOGGED_UID = 128;

/** The review's `request.uid`, when the body has one that can be logged. */
function readableUid(body: unknown): string | undefined {
  const uid = asString(asRecord(asRecord(body)?.request)?.uid);
  return uid && uid.length <= MAX_LOGGED_UID ? uid : undefined;
}

/**
 * The HTTPS server: POST /validate (and /mutate), /healthz, /readyz and /metrics. Malformed
 * requests get a 4xx with a JSON explanation; a body over the limit gets 413 before it is read
 * whole. The certificate is swapped in place when its files change.
 */
export async function startAdmissionServer(options: AdmissionServerOptions): Promise<AdmissionServer> {
  const { metrics, logger, reviewer, certificates } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let closing = false;
  const app = Fastify({
    https: { ...certificates.pair },
    bodyLimit: maxBodyBytes,
    loggerInstance: logger,
    // One line per review is logged by `record`; fastify's own request lines would double it.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  // AdmissionReviews are JSON: any other content type is refused with 415.
  app.removeContentTypeParser('text/plain');

  certificates.on('reload', (pair: { cert: Buffer; key: Buffer }) => {
    app.server.setSecureContext(pair);
    metrics.tlsReloads.inc({ result: 'ok' });
    logger.info({ notAfter: certificates.notAfter }, 'serving certificate reloaded');
  });
  certificates.on('reload-error', (message: string) => {
    metrics.tlsReloads.inc({ result: 'error' });
    logger.error({ err: message }, 'new serving certificate rejected; still serving the previous one');
  });

  app.addHook('onResponse', (request, reply, done) => {
    const path = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ path, code: String(reply.statusCode) });
    if (REVIEW_PATHS.has(path)) metrics.duration.observe({ path }, reply.elapsedTime / 1000);
    done();
  });

  /**
   * One warn line per request refused for what it sent, naming it by the review's uid when one was
   * read and always by the sender's address; the body itself is never logged.
   */
  const rejected = (request: FastifyRequest, status: number, message: string, what = 'request rejected', uid?: string) =>
    logger.warn({ path: request.url.split('?')[0], status, ...(uid !== undefined ? { uid } : {}), remote: request.ip, err: message }, what);
  const refuse = (request: FastifyRequest, reply: FastifyReply, code: number, error: string, message: string) => {
    rejected(request, code, message);
    return problem(reply, code, error, message);
  };

  app.setErrorHandler((error: FastifyError, request, reply) => {
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return refuse(request, reply, 413, 'RequestEntityTooLarge', `request body is larger than the limit of ${maxBodyBytes} bytes (--max-body-bytes)`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return refuse(request, reply, 415, 'UnsupportedMediaType', `unsupported Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')}: send application/json`);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return refuse(request, reply, 400, 'BadRequest', 'request body is empty: expected an AdmissionReview');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return refuse(request, reply, 400, 'BadRequest', `request body is not valid JSON: ${error.message}`);
      default:
        if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return refuse(request, reply, error.statusCode, 'BadRequest', error.message);
        logger.error({ err: error.message, path: request.url }, 'request failed');
        return problem(reply, 500, 'InternalError', 'internal error');
    }
  });
  app.setNotFoundHandler((request, reply) => problem(reply, 404, 'NotFound', `no route for ${request.method} ${request.url.split('?')[0]}`));

  const review = (path: '/validate' | '/mutate') => async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = parseAdmissionReview(request.body);
    if (!parsed.ok) {
      rejected(request, 400, parsed.message, 'malformed AdmissionReview', readableUid(request.body));
      return problem(reply, 400, 'BadRequest', parsed.message);
    }
    const admission = parsed.request;
    metrics.inFlight.inc();
    try {
      const outcome = path === '/validate' ? await reviewer.validate(admission) : reviewer.mutate(admission);
      record(options, path, admission, outcome, reply.elapsedTime);
      return reviewResponse(admission.uid, outcome.response);
    } finally {
      metrics.inFlight.dec();
    }
  };
  app.post('/validate', review('/validate'));
  if (options.mutate) app.post('/mutate', review('/mutate'));
  app.get('/healthz', (_request, reply) => reply.type('text/plain').send('ok'));
  app.get('/readyz', (_request, reply) => {
    if (closing) return reply.code(503).type('text/plain').send('shutting down');
    if (!options.namespaces.ready()) return reply.code(503).type('text/plain').send('namespace cache not synced');
    return reply.type('text/plain').send('ok');
  });
  app.get('/metrics', async (_request, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()));

  await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('admission webhook is not listening on a TCP port');
  const port = address.port;
  logger.info({ port, mutate: options.mutate === true, maxBodyBytes, notAfter: certificates.notAfter }, 'admission webhook listening');

  let closed: Promise<void> | undefined;
  return {
    port,
    url: `https://${address.family === 'IPv6' ? `[${address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address}:${port}`,
    close() {
      closed ??= (async () => {
        closing = true;
        logger.info('shutting down: finishing in-flight reviews');
        const force = setTimeout(() => app.server.closeAllConnections(), options.shutdownTimeoutMs ?? 25_000);
        force.unref();
        await app.close();
        clearTimeout(force);
        logger.info('admission webhook stopped');
      })();
      return closed;
    },
  };
}

/** Metrics and one structured log line per review: who, where, what was decided, how long; never the object. */
function record(options: AdmissionServerOptions, path: string, request: AdmissionRequest, outcome: ReviewOutcome, elapsedMs: number): void {
  const { metrics, logger } = options;
  const namespace = request.namespace;
  for (const d of outcome.decisions) metrics.decision(d.source, namespace, d.decision, request.dryRun);
  const notable = outcome.error !== undefined || !outcome.response.allowed || outcome.response.patch !== undefined || outcome.decisions.some((d) => d.decision !== 'allow');
  if (!notable && !logger.isLevelEnabled('debug')) return;
  const line = {
    uid: request.uid,
    path,
    namespace,
    kind: request.kind.kind,
    name: request.name,
    operation: request.operation,
    ...(request.subResource ? { subresource: request.subResource } : {}),
    ...(request.dryRun ? { dryRun: true } : {}),
    allowed: outcome.response.allowed,
    decisions: Object.fromEntries(outcome.decisions.map((d) => [d.source, d.decision])),
    durationMs: Math.round(elapsedMs * 1000) / 1000,
  };
  if (outcome.error) {
    metrics.internalErrors.inc();
    logger.error({ ...line, err: outcome.error }, 'review failed; answered by the failure policy');
  } else if (notable) {
    logger.info(line, 'review');
  } else logger.debug(line, 'review');
}
