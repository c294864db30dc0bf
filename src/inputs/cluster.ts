import type * as KubeClientModule from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { Problem } from '../core/result.js';
import { asArray, asRecord, asString, type JsonRecord } from '../k8s/access.js';
import { CLUSTER_RESOURCES, type ClusterResource, listPath } from './cluster-resources.js';

export interface ClusterRequest {
  /** A kubeconfig file; without it KUBECONFIG, ~/.kube/config, else the in-cluster service account. */
  readonly kubeconfig?: string;
  /** A context of the kubeconfig other than its current one. */
  readonly context?: string;
  /** One namespace instead of all (cluster-wide kinds are then left out). */
  readonly namespace?: string;
  readonly timeoutMs?: number;
}

/** The cluster's objects as one `kind: List` JSON document, as `kubectl get -o json` writes them. */
export interface ClusterDump {
  /** What the findings name as their file: `cluster:<context>`. */
  readonly name: string;
  /** The kubeconfig context read. */
  readonly context: string;
  readonly text: string;
  /** Kinds that could not be listed (forbidden, not served): the scan goes on without them. */
  readonly warnings: Problem[];
}

export type ClusterResult = { readonly ok: true; readonly value: ClusterDump } | { readonly ok: false; readonly error: Problem };

const PAGE_SIZE = 500;
const DEFAULT_TIMEOUT_MS = 30_000;

/** Lists the kinds the rules read, from the cluster of the kubeconfig's context; nothing is written to the cluster. */
export async function dumpCluster(request: ClusterRequest): Promise<ClusterResult> {
  const client = await import('@kubernetes/client-node');
  let connection: Connection;
  try {
    connection = connect(client, request);
  } catch (error) {
    return { ok: false, error: { code: 'cluster-config', message: `cannot load the kubeconfig: ${messageOf(error)}`, ...(request.kubeconfig ? { location: { file: request.kubeconfig } } : {}) } };
  }
  const where = { file: `cluster:${connection.context}` };
  const resources = request.namespace === undefined ? CLUSTER_RESOURCES : CLUSTER_RESOURCES.filter((r) => r.namespaced);
  const lists = await Promise.all(resources.map((resource) => listAll(connection, resource, request)));
  const items: JsonRecord[] = [];
  const warnings: Problem[] = [];
  for (const [i, list] of lists.entries()) {
    const resource = resources[i] as ClusterResource;
    if (list.kind === 'items') {
      for (const item of list.items) items.push(cleaned(item, resource));
      continue;
    }
    if (list.kind === 'unreachable') {
      return { ok: false, error: { code: 'cluster-unreachable', message: `cannot reach the cluster at ${connection.server}: ${list.message}`, location: where } };
    }
    if (list.kind === 'failed') return { ok: false, error: { code: 'cluster-error', message: `listing ${resourceName(resource)}: ${list.message}`, location: where } };
    if (list.kind === 'not-served' && resource.optional) continue;
    warnings.push({ code: 'cluster-kind-skipped', message: `${resourceName(resource)} not scanned: ${list.message}`, location: where });
  }
  if (request.namespace !== undefined) {
    const namespace = await getOne(connection, `/api/v1/namespaces/${encodeURIComponent(request.namespace)}`, request);
    if (namespace) items.unshift(cleaned(namespace, CLUSTER_RESOURCES[0] as ClusterResource));
  }
  const text = `${JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: {}, items }, null, 2)}\n`;
  return { ok: true, value: { name: where.file, context: connection.context, text, warnings } };
}

interface Connection {
  readonly context: string;
  readonly server: string;
  readonly kc: KubeClientModule.KubeConfig;
}

function connect(client: typeof KubeClientModule, request: ClusterRequest): Connection {
  const kc = new client.KubeConfig();
  // kubectl's order: --kubeconfig, KUBECONFIG, ~/.kube/config, then the pod's service account.
  const home = path.join(os.homedir(), '.kube', 'config');
  if (request.kubeconfig) kc.loadFromFile(request.kubeconfig);
  else if (process.env.KUBECONFIG || existsSync(home)) kc.loadFromDefault();
  else if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  // Without any kubeconfig the client would make one up (http://localhost:8080): say what is missing instead.
  else throw new Error(`none found (KUBECONFIG is not set and ${home} does not exist); give --kubeconfig FILE`);
  if (request.context) {
    if (!kc.getContextObject(request.context)) throw new Error(`no context "${request.context}" in the kubeconfig`);
    kc.setCurrentContext(request.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current context, or it names no cluster');
  const protocol = URL.canParse(cluster.server) ? new URL(cluster.server).protocol : undefined;
  if (protocol !== 'https:' && protocol !== 'http:') throw new Error(`the server of cluster "${cluster.name}" is not an https:// URL: "${cluster.server}"`);
  const context = kc.getCurrentContext() || 'in-cluster';
  // Shown in reports and file names: a name with spaces or control characters is quoted and escaped.
  return { context: /^[\x21-\x7e]+$/.test(context) ? context : JSON.stringify(context), server: cluster.server, kc };
}

type Failure = { readonly kind: 'forbidden' | 'not-served' | 'failed' | 'unreachable'; readonly message: string };
type ListOutcome = { readonly kind: 'items'; readonly items: JsonRecord[] } | Failure;

async function listAll(connection: Connection, resource: ClusterResource, request: ClusterRequest): Promise<ListOutcome> {
  const items: JsonRecord[] = [];
  let next: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE), ...(resource.fieldSelector ? { fieldSelector: resource.fieldSelector } : {}), ...(next ? { continue: next } : {}) });
    const response = await get(connection, `${listPath(resource, request.namespace)}?${query}`, request, resource.metadataOnly ? METADATA_ONLY : JSON_ONLY);
    if (response.kind !== 'ok') return response;
    const body = asRecord(response.body);
    for (const item of asArray(body?.items)) {
      const record = asRecord(item);
      if (record) items.push(record);
    }
    next = asString(asRecord(body?.metadata)?.continue) || undefined;
  } while (next);
  return { kind: 'items', items };
}

async function getOne(connection: Connection, urlPath: string, request: ClusterRequest): Promise<JsonRecord | undefined> {
  const response = await get(connection, urlPath, request, JSON_ONLY);
  return response.kind === 'ok' ? asRecord(response.body) : undefined;
}

type Response = { readonly kind: 'ok'; readonly body: unknown } | Failure;

const JSON_ONLY = 'application/json';
/** The API server's metadata-only form of a list: nothing of the objects but their metadata leaves it. */
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

async function get(connection: Connection, urlPath: string, request: ClusterRequest, accept: string): Promise<Response> {
  // Appended, not resolved: the server URL may carry a path prefix (an API proxy).
  const url = new URL(`${connection.server.replace(/\/+$/, '')}${urlPath}`);
  const options: https.RequestOptions = { method: 'GET', headers: { Accept: accept } };
  try {
    // TLS (CA, client certificate) and credentials (token, exec plugin) from the kubeconfig.
    await connection.kc.applyToHTTPSOptions(options);
  } catch (error) {
    return { kind: 'failed', message: `cannot authenticate: ${messageOf(error)}` };
  }
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve) => {
    const req = transport.request(url, { ...options, timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => resolve({ kind: 'unreachable', message: messageOf(error) }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status === 200) {
          try {
            resolve({ kind: 'ok', body: JSON.parse(text) });
          } catch {
            resolve({ kind: 'failed', message: 'the API server answered with something other than JSON' });
          }
          return;
        }
        const reason = asString(asRecord(safeJson(text))?.message) ?? `HTTP ${status}`;
        if (status === 403) resolve({ kind: 'forbidden', message: `forbidden (${reason}); rules that relate objects see none of these` });
        else if (status === 404) resolve({ kind: 'not-served', message: 'not served by this cluster' });
        else resolve({ kind: 'failed', message: `HTTP ${status}: ${reason}` });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${(request.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s`)));
    req.on('error', (error) => resolve({ kind: 'unreachable', message: messageOf(error) }));
    req.end();
  });
}

/** The object as `kubectl get -o json` shows it: with its apiVersion and kind, without managedFields. */
function cleaned(item: JsonRecord, resource: ClusterResource): JsonRecord {
  const metadata = asRecord(item.metadata);
  const { managedFields: _managed, ...rest } = metadata ?? {};
  // A metadata-only item is a PartialObjectMetadata: it becomes the object it describes, with nothing else.
  if (resource.metadataOnly) return { apiVersion: resource.apiVersion, kind: resource.kind, metadata: rest, ...resource.metadataOnly };
  return { apiVersion: resource.apiVersion, kind: resource.kind, ...item, ...(metadata ? { metadata: rest } : {}) };
}

function resourceName(resource: ClusterResource): string {
  const group = resource.apiVersion.includes('/') ? `.${resource.apiVersion.split('/')[0]}` : '';
  return `${resource.plural}${group}`;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function messageOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  // A YAML error's message adds a code frame after its first line: one line is said here.
  const message = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
