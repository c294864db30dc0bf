import type * as KubeClientModule from '@kubernetes/client-node';
import type { CoreV1Api, KubeConfig, V1Namespace, makeInformer } from '@kubernetes/client-node';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { asRecord, type JsonRecord } from '../../k8s/access.js';
import type { NamespaceInfo, NamespaceSource } from './source.js';

export interface KubeNamespacesOptions {
  /** A kubeconfig file; without it, the in-cluster service account, else the default kubeconfig. */
  readonly kubeconfig?: string;
  readonly logger: Logger;
  /** Delay before re-listing after the watch fails. */
  readonly retryMs?: number;
  /** Time limit on a direct GET of a namespace missing from the cache. */
  readonly lookupTimeoutMs?: number;
}

/** The Kubernetes client package, loaded only by the commands that talk to a cluster. */
type KubeClient = typeof KubeClientModule;

/** A KubeNamespaces, with the Kubernetes client package loaded first. */
export async function kubeNamespaces(options: KubeNamespacesOptions): Promise<KubeNamespaces> {
  return new KubeNamespaces(options, await import('@kubernetes/client-node'));
}

function loadKubeConfig(client: KubeClient, file: string | undefined): KubeConfig {
  const kc = new client.KubeConfig();
  if (file) kc.loadFromFile(file);
  else if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
  else kc.loadFromDefault();
  return kc;
}

function info(ns: V1Namespace): NamespaceInfo {
  return { name: ns.metadata?.name ?? '', labels: { ...(ns.metadata?.labels ?? {}) } };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Namespace labels from the Kubernetes API: a list+watch informer keeps them in memory (ready
 * once the first list is in), and a namespace the cache does not know yet is read directly, as
 * PSA's namespace getter does (a namespace created a moment ago).
 */
export class KubeNamespaces implements NamespaceSource {
  /** Emits `change` (a namespace) for every add, update and delete the watch delivers, and `synced`. */
  readonly events = new EventEmitter();
  private readonly api: CoreV1Api;
  private readonly informer: ReturnType<typeof makeInformer<V1Namespace>>;
  private synced = false;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  private failed = false;

  constructor(
    private readonly options: KubeNamespacesOptions,
    client: KubeClient,
  ) {
    const kc = loadKubeConfig(client, options.kubeconfig);
    this.api = kc.makeApiClient(client.CoreV1Api);
    this.informer = client.makeInformer<V1Namespace>(kc, '/api/v1/namespaces', () => this.api.listNamespace());
    this.informer.on('change', (ns: V1Namespace) => this.events.emit('change', ns.metadata?.name));
    this.informer.on('error', (error: unknown) => {
      this.failed = true;
      if (this.stopped) return;
      options.logger.error({ err: errorMessage(error) }, 'namespace watch failed; retrying');
      this.retry = setTimeout(() => void this.start().catch(() => undefined), options.retryMs ?? 5000);
      this.retry.unref();
    });
  }

  /** Lists and starts watching; resolves once the cache is filled. */
  async start(): Promise<void> {
    this.failed = false;
    await this.informer.start();
    // A failed list is reported to the error handler (which retries), not thrown.
    if (this.failed) return;
    if (!this.synced) this.options.logger.info({ namespaces: this.informer.list().length }, 'namespace cache synced');
    this.synced = true;
    this.events.emit('synced');
  }

  ready(): boolean {
    return this.synced;
  }

  async get(name: string): Promise<NamespaceInfo> {
    const cached = this.informer.get(name);
    if (cached) return info(cached);
    return info(await withTimeout(this.api.readNamespace({ name }), this.options.lookupTimeoutMs ?? 2000, `reading namespace ${name}`));
  }

  async listPods(namespace: string, timeoutMs: number): Promise<JsonRecord[]> {
    const list = await withTimeout(this.api.listNamespacedPod({ namespace }), timeoutMs, `listing pods of ${namespace}`);
    // The client's models use the API's field names: a JSON round trip gives the wire form.
    return list.items.map((pod) => asRecord(JSON.parse(JSON.stringify(pod))) ?? {});
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.informer.stop();
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
