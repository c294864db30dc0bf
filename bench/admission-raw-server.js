#!/usr/bin/env node
// The webhook's reviews behind plain node:https instead of fastify, for the transport comparison
// in docs/performance.md: same reviewer, same configuration, only POST /validate and /healthz.
//
//   npm run build && node bench/admission.js --server bench/admission-raw-server.js
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const dist = (p) => import(path.join(root, 'dist', p));
const { createReviewer } = await dist('admission/assemble.js');
const { loadAdmissionSetup } = await dist('admission/load.js');
const { FileNamespaces } = await dist('admission/namespaces/file.js');
const { parseAdmissionReview, reviewResponse } = await dist('admission/review.js');

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    config: { type: 'string' },
    namespaces: { type: 'string' },
    'log-level': { type: 'string' },
  },
});
const setup = loadAdmissionSetup({ configFile: values.config, today: new Date().toISOString().slice(0, 10) });
if (!setup.ok) throw new Error(setup.errors.join('\n'));
const reviewer = createReviewer(setup.value, new FileNamespaces(values.namespaces));
const LIMIT = 3 * 1024 * 1024;

const server = createServer({ cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) }, (req, res) => {
  const reply = (code, body) => {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  if (req.method === 'GET' && req.url === '/healthz') return reply(200, 'ok');
  if (req.method !== 'POST' || req.url !== '/validate') return reply(404, { error: 'NotFound' });
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > LIMIT) {
      reply(413, { error: 'RequestEntityTooLarge' });
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on('end', async () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return reply(400, { error: 'BadRequest', message: 'not JSON' });
    }
    const parsed = parseAdmissionReview(body);
    if (!parsed.ok) return reply(400, { error: 'BadRequest', message: parsed.message });
    const outcome = await reviewer.validate(parsed.request);
    reply(200, reviewResponse(parsed.request.uid, outcome.response));
  });
});
server.listen(Number(values.port), values.host);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
