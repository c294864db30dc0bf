import { kustomizeBuilding } from '../inputs/kustomize-build.js';
import type { ReadOptions } from '../inputs/load.js';
import type { CommandIO } from './command.js';
import { excludeFilter } from './exclude-option.js';
import { helmRendering } from './helm-options.js';
import { kustomizeRequest } from './kustomize-options.js';

/** How the commands without a configuration file read their paths: `--exclude`, the Helm and Kustomize options. */
export function manifestReadOptions(options: Record<string, unknown>, io: CommandIO): ReadOptions {
  return { exclude: excludeFilter(options), helm: helmRendering(options, io), kustomize: kustomizeBuilding(kustomizeRequest(options)) };
}
