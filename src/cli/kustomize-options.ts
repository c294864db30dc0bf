import type { KustomizeRequest } from '../inputs/kustomize-build.js';
import type { OptionSpec } from './command.js';

/** How a command that reads manifests builds the kustomizations it meets (off unless asked). */
export const KUSTOMIZE_OPTIONS: readonly OptionSpec[] = [
  { flags: '--kustomize', description: 'build the kustomizations met (kustomize build, else kubectl kustomize) and scan what they produce instead of their files' },
  { flags: '--kustomize-binary <path>', description: 'the program that builds kustomizations: kustomize, or kubectl (default: kustomize on the PATH, else kubectl)' },
  { flags: '--kustomize-allow-remote', description: 'let kustomize fetch the remote resources a kustomization names (git repositories, URLs, Helm charts to pull); refused otherwise' },
];

/** What the options ask of Kustomize. */
export function kustomizeRequest(options: Record<string, unknown>): KustomizeRequest {
  return {
    build: options.kustomize === true,
    ...(typeof options.kustomizeBinary === 'string' ? { binary: options.kustomizeBinary } : {}),
    allowRemote: options.kustomizeAllowRemote === true,
  };
}
