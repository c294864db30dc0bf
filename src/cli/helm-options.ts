import type { HelmRendering } from '../inputs/helm.js';
import type { CommandIO, OptionSpec } from './command.js';

/**
 * How a command that reads manifests renders the Helm charts it meets, with Trivy's flag names.
 * Values are passed to `helm template` whole (commas included: helm splits `--set a=1,b=2` itself).
 */
export const HELM_OPTIONS: readonly OptionSpec[] = [
  { flags: '--helm-values <file>', description: 'values file for the Helm charts met (repeatable; helm template --values)', repeatable: true, keepCommas: true },
  { flags: '--helm-set <key=value>', description: 'value for the Helm charts met (repeatable; helm template --set)', repeatable: true, keepCommas: true },
  { flags: '--helm-set-string <key=value>', description: 'string value for the Helm charts met (repeatable; helm template --set-string)', repeatable: true, keepCommas: true },
  { flags: '--helm-set-file <key=path>', description: 'value read from a file for the Helm charts met (repeatable; helm template --set-file)', repeatable: true, keepCommas: true },
  { flags: '--helm-api-versions <group/version>', description: 'API version the charts may test with .Capabilities.APIVersions (repeatable; helm template --api-versions)', repeatable: true, keepCommas: true },
  { flags: '--helm-kube-version <version>', description: 'Kubernetes version the charts render for (helm template --kube-version; default: --kube-version where the command has it)' },
  { flags: '--helm-namespace <namespace>', description: 'namespace the charts render into (helm template --namespace)' },
  { flags: '--helm-release-name <name>', description: 'release name the charts render with (default: release-name, as helm template)' },
  { flags: '--helm-binary <path>', description: 'the helm program that renders charts (default: RAMPART_HELM, else helm on the PATH)' },
  {
    flags: '--helm-dependency-update',
    description: "let helm fetch the dependencies missing from a chart's charts/ directory from their repositories, over the network (helm template --dependency-update, in a temporary copy: the chart is not changed); without it they are reported",
  },
  { flags: '--no-helm', description: 'do not render Helm charts: a chart met is an input error, as without helm' },
];

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The rendering the options ask for, or undefined with --no-helm (`rampart scan` adds its configuration file's and --kube-version). */
export function helmRendering(options: Record<string, unknown>, io: CommandIO): HelmRendering | undefined {
  if (options.helm === false) return undefined;
  const fromEnv = io.env.RAMPART_HELM;
  return {
    binary: text(options.helmBinary) ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : 'helm'),
    values: strings(options.helmValues),
    set: strings(options.helmSet),
    setString: strings(options.helmSetString),
    setFile: strings(options.helmSetFile),
    apiVersions: strings(options.helmApiVersions),
    kubeVersion: text(options.helmKubeVersion),
    namespace: text(options.helmNamespace),
    releaseName: text(options.helmReleaseName),
    dependencyUpdate: options.helmDependencyUpdate === true ? true : undefined,
  };
}
