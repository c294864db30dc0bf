import { formatProblem } from '../core/result.js';
import { hasInput, loadManifestInputs } from './cluster-input.js';
import type { K8sObject } from '../k8s/object.js';
import { BOOTSTRAP_VERSION } from '../rbac/bootstrap.js';
import { RbacModel } from '../rbac/model.js';
import { refusalProblem } from '../rbac/refused.js';
import type { CommandIO, OptionSpec } from './command.js';

/** Options every `rampart rbac` command shares. */
export const DEFAULTS_OPTION: OptionSpec = {
  flags: '--no-defaults',
  description: `leave out Kubernetes' bootstrap roles and bindings (cluster-admin, admin, edit, view, system:*; ${BOOTSTRAP_VERSION})`,
};

export function formatOption(choices: readonly string[], defaultValue = 'table'): OptionSpec {
  return { flags: '-f, --format <format>', description: 'output format', defaultValue, choices: [...choices] };
}

export interface RbacInput {
  readonly objects: readonly K8sObject[];
  readonly model: RbacModel;
  /** Input errors were reported: the command still answers, then exits 2. */
  readonly failed: boolean;
}

/**
 * Reads the manifests (files, directories, `-`, and the cluster with `--cluster`) like `rampart
 * scan`; each broken input is one error line. Undefined when the cluster cannot be read.
 */
export async function loadRbacInput(command: string, paths: readonly string[], options: Record<string, unknown>, io: CommandIO): Promise<RbacInput | undefined> {
  const inputs = await loadManifestInputs(`rampart rbac ${command}`, paths, options, io);
  if (!inputs) return undefined;
  for (const problem of inputs.problems) io.error(`error: ${formatProblem(problem)}`);
  const model = new RbacModel(inputs.objects, { defaults: options.defaults !== false });
  // Roles and bindings the API server refuses grant nothing (the model leaves them out): an input error each.
  for (const { object, errors } of model.rejected) io.error(`error: ${formatProblem(refusalProblem(object, errors))}`);
  return { objects: inputs.objects, model, failed: inputs.problems.length > 0 || model.rejected.length > 0 };
}

/** The paths, or an error line when there are none. */
export function requirePaths(command: string, paths: readonly string[], options: Record<string, unknown>, io: CommandIO): boolean {
  if (hasInput(paths, options)) return true;
  io.error(`rampart rbac ${command}: no input; give files, directories or - for stdin, or --cluster (see rampart rbac ${command} --help)`);
  return false;
}

/** `rampart scan`'s reading of --kube-version: `1.33`, `v1.33.2`; undefined when not given. */
export function parseKubeVersion(value: unknown): { ok: true; value: string | undefined } | { ok: false } {
  if (typeof value !== 'string') return { ok: true, value: undefined };
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(value.trim());
  return match ? { ok: true, value: `${match[1]}.${match[2]}` } : { ok: false };
}
