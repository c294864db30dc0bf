import type { LevelWithSilent } from 'pino';
import { createReviewer } from '../admission/assemble.js';
import { loadAdmissionSetup } from '../admission/load.js';
import { FileNamespaces } from '../admission/namespaces/file.js';
import type { KubeNamespaces } from '../admission/namespaces/kube.js';
import type { NamespaceSource } from '../admission/namespaces/source.js';
import type { FailurePolicy } from '../admission/reviewer.js';
import { DEFAULT_MAX_BODY_BYTES, LOG_LEVELS } from '../admission/serve/defaults.js';
import { CertificateFiles } from '../admission/serve/tls.js';
import { defineCommand } from './command.js';

function positiveInteger(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

export const admissionServeCommand = defineCommand({
  name: 'serve',
  description: 'Run the validating (and optionally mutating) admission webhook: Pod Security Admission plus bound Rampart rules, over HTTPS',
  options: [
    { flags: '--port <port>', description: 'HTTPS port to listen on', defaultValue: '8443' },
    { flags: '--host <address>', description: 'address to listen on', defaultValue: '0.0.0.0' },
    { flags: '--tls-cert <file>', description: 'serving certificate (PEM); reloaded when the file changes' },
    { flags: '--tls-key <file>', description: 'serving private key (PEM); reloaded when the file changes' },
    { flags: '-c, --config <file>', description: '.rampart.yaml with the admission section (bindings, podSecurity) and rule settings' },
    { flags: '--pod-security-config <file>', description: 'a PodSecurityConfiguration file (defaults and exemptions), instead of admission.podSecurity' },
    { flags: '--namespaces <file>', description: 'read namespace labels from this YAML/JSON file of Namespace objects (reloaded on change) instead of the Kubernetes API' },
    { flags: '--kubeconfig <file>', description: 'kubeconfig for watching namespaces (default: in-cluster service account, else ~/.kube/config)' },
    { flags: '--mutate', description: 'also serve POST /mutate: set unset security fields of pods and pod templates to safe defaults' },
    { flags: '--failure-policy <policy>', description: 'answer to an internal error: fail (deny) or ignore (allow)', defaultValue: 'fail', choices: ['fail', 'ignore'] },
    { flags: '--max-body-bytes <n>', description: 'largest request body accepted (413 above it)', defaultValue: String(DEFAULT_MAX_BODY_BYTES) },
    { flags: '--shutdown-timeout <seconds>', description: 'how long SIGTERM waits for in-flight reviews', defaultValue: '25' },
    { flags: '--log-level <level>', description: 'log level (JSON logs on stdout)', defaultValue: 'info', choices: [...LOG_LEVELS] },
  ],
  examples: [
    'rampart admission serve --port 8443 --tls-cert tls.crt --tls-key tls.key --config .rampart.yaml',
    'rampart admission serve --port 8443 --tls-cert tls.crt --tls-key tls.key --namespaces namespaces.yaml --mutate',
  ],
  async run(_args, options, io) {
    const fail = (message: string) => {
      io.error(`rampart admission serve: ${message}`);
      return 2;
    };
    const port = positiveInteger(options.port);
    if (port === undefined || port > 65535) return fail(`--port expects a port number, got "${String(options.port)}"`);
    const maxBodyBytes = positiveInteger(options.maxBodyBytes);
    if (maxBodyBytes === undefined || maxBodyBytes < 1024) return fail(`--max-body-bytes expects a number of bytes (at least 1024), got "${String(options.maxBodyBytes)}"`);
    const shutdownSeconds = positiveInteger(options.shutdownTimeout);
    if (shutdownSeconds === undefined) return fail(`--shutdown-timeout expects seconds, got "${String(options.shutdownTimeout)}"`);
    if (typeof options.tlsCert !== 'string' || typeof options.tlsKey !== 'string') return fail('--tls-cert and --tls-key are required: the API server only calls webhooks over HTTPS');

    const setup = await loadAdmissionSetup({
      ...(typeof options.config === 'string' ? { configFile: options.config } : {}),
      ...(typeof options.podSecurityConfig === 'string' ? { podSecurityConfigFile: options.podSecurityConfig } : {}),
      today: io.env.RAMPART_TODAY ?? new Date().toISOString().slice(0, 10),
    });
    if (!setup.ok) {
      for (const e of setup.errors) io.error(`rampart admission serve: ${e}`);
      return 2;
    }
    let certificates: CertificateFiles;
    try {
      certificates = new CertificateFiles(options.tlsCert, options.tlsKey);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }

    // The server, logger and metrics load only here: every other command starts without them.
    const [{ createLogger }, { AdmissionMetrics }, { startAdmissionServer }] = await Promise.all([
      import('../admission/serve/logger.js'),
      import('../admission/serve/metrics.js'),
      import('../admission/serve/server.js'),
    ]);
    const logger = createLogger(String(options.logLevel) as LevelWithSilent);
    for (const w of setup.value.warnings) logger.warn(w);
    const metrics = new AdmissionMetrics();
    let namespaces: NamespaceSource;
    let kube: KubeNamespaces | undefined;
    if (typeof options.namespaces === 'string') {
      let file: FileNamespaces;
      try {
        file = new FileNamespaces(options.namespaces);
      } catch (error) {
        certificates.close();
        return fail(`cannot read --namespaces ${options.namespaces}: ${error instanceof Error ? error.message : String(error)}`);
      }
      file.events.on('reload', (count: number) => {
        metrics.namespaceReloads.inc({ result: 'ok' });
        logger.info({ namespaces: count }, 'namespaces file reloaded');
      });
      file.events.on('reload-error', (message: string) => {
        metrics.namespaceReloads.inc({ result: 'error' });
        logger.error({ err: message }, 'namespaces file rejected; keeping the previous namespaces');
      });
      namespaces = file.watch();
    } else {
      // Loaded here: the Kubernetes client takes longer to load than most commands take to run.
      const { kubeNamespaces } = await import('../admission/namespaces/kube.js');
      try {
        kube = await kubeNamespaces({ ...(typeof options.kubeconfig === 'string' ? { kubeconfig: options.kubeconfig } : {}), logger });
      } catch (error) {
        certificates.close();
        return fail(`cannot load Kubernetes client configuration: ${error instanceof Error ? error.message : String(error)} (or give --namespaces FILE)`);
      }
      namespaces = kube;
    }
    const reviewer = createReviewer(setup.value, namespaces, { failurePolicy: options.failurePolicy as FailurePolicy, recorder: metrics.psa });
    certificates.watch();
    let server;
    try {
      server = await startAdmissionServer({
        port,
        host: String(options.host),
        certificates,
        reviewer,
        namespaces,
        metrics,
        logger,
        mutate: options.mutate === true,
        maxBodyBytes,
        shutdownTimeoutMs: shutdownSeconds * 1000,
      });
    } catch (error) {
      certificates.close();
      await namespaces.close();
      return fail(`cannot listen on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Not ready until the namespace cache is synced; the server answers /healthz meanwhile.
    kube?.start().catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'namespace watch failed to start; retrying'));

    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        logger.info({ signal }, 'received signal');
        resolve();
      };
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
    });
    await server.close();
    certificates.close();
    await namespaces.close();
    logger.flush();
    return 0;
  },
});
