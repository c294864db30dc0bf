import { writeFileAtomicWithMode } from '../report/write-with-mode.js';
import { CertificateRequestError, MAX_CERTIFICATE_DAYS, generateWebhookCertificates } from '../admission/certs/generate.js';
import { type TlsSource, buildManifests } from '../admission/deploy/build.js';
import { DEFAULTS, FAILURE_POLICIES, MAX_REPLICAS, defaultImage, parseDeployOptions, serviceDnsNames } from '../admission/deploy/options.js';
import { manifestHeader, renderManifests } from '../admission/deploy/render.js';
import { stdoutOutput, writeFileAtomic } from '../report/write.js';
import { defineCommand } from './command.js';
import { outputFile } from './output-option.js';
import { VERSION } from '../package-files.js';

const NAME = 'rampart admission manifests';

export const admissionManifestsCommand = defineCommand({
  name: 'manifests',
  description: 'Print the YAML that deploys the admission webhook: namespace, RBAC, Deployment, Service, TLS and webhook configurations',
  options: [
    { flags: '-n, --namespace <name>', description: 'namespace of the webhook (created, labelled restricted, and exempt from the webhook)', defaultValue: DEFAULTS.namespace },
    { flags: '--name <name>', description: 'name of the Deployment, Service, ServiceAccount and the cluster-scoped objects', defaultValue: DEFAULTS.name },
    { flags: '--image <image>', description: `container image, pinned if it has a @sha256: digest (default: ${defaultImage(VERSION)})` },
    { flags: '--replicas <n>', description: `webhook replicas, 1-${MAX_REPLICAS}`, defaultValue: String(DEFAULTS.replicas) },
    { flags: '--failure-policy <policy>', description: 'what the API server does when the webhook cannot be reached', defaultValue: DEFAULTS.failurePolicy, choices: FAILURE_POLICIES },
    { flags: '--timeout <seconds>', description: 'webhook call timeout in seconds, 1-30', defaultValue: String(DEFAULTS.timeoutSeconds) },
    { flags: '--mutating', description: 'also register the mutating webhook (/mutate)' },
    { flags: '--cert-manager', description: 'let cert-manager issue the certificate and inject the CA (no generated key in the output)' },
    { flags: '--dns <name>', description: 'extra DNS name for the serving certificate (repeatable, comma-separated)', repeatable: true },
    { flags: '--days <n>', description: `validity of the serving certificate in days, 1-${MAX_CERTIFICATE_DAYS} (the CA: twice as long)`, defaultValue: String(DEFAULTS.days) },
    { flags: '--priority-class <name>', description: 'priorityClassName of the pods ("" for none)', defaultValue: DEFAULTS.priorityClassName },
    { flags: '-o, --output <file>', description: 'write to a file (atomically; mode 0600 when it holds a private key) instead of stdout', writesFile: true },
  ],
  examples: [
    'rampart admission manifests | kubectl apply -f -',
    'rampart admission manifests --cert-manager --mutating --output rampart-webhook.yaml',
    `rampart admission manifests --image ${defaultImage(VERSION)}@sha256:<digest> --failure-policy Ignore`,
  ],
  async run(_args, options, io) {
    const parsed = parseDeployOptions(options, VERSION);
    if (!parsed.ok) {
      io.error(`${NAME}: ${parsed.problem}`);
      return 2;
    }
    const deploy = parsed.options;
    let tls: TlsSource;
    if (deploy.certManager) {
      tls = { kind: 'cert-manager' };
    } else {
      try {
        tls = { kind: 'generated', certificates: await generateWebhookCertificates({ dnsNames: serviceDnsNames(deploy), days: deploy.days }) };
      } catch (error) {
        if (!(error instanceof CertificateRequestError)) throw error;
        io.error(`${NAME}: ${error.message}`);
        return 2;
      }
    }
    const text = renderManifests(
      buildManifests(deploy, tls, VERSION),
      manifestHeader({ version: VERSION, namespace: deploy.namespace, name: deploy.name, certManager: deploy.certManager, failurePolicy: deploy.failurePolicy }),
    );
    const output = outputFile(options);
    if (output !== undefined) {
      // A file that cannot be written is one line and exit code 2 (ReportFileError, in main). A
      // private key is written 0600 whatever the file it replaces allowed; other manifests keep
      // the permissions of the file they replace.
      if (tls.kind === 'generated') writeFileAtomicWithMode(output, text, 0o600);
      else writeFileAtomic(output, text);
      return 0;
    }
    const stdout = stdoutOutput();
    stdout.write(text);
    stdout.finish();
    return 0;
  },
});
