import type { ScanRequest } from '../scan/run-scan.js';
import type { ClusterInputs } from './cluster-input.js';
import type { CommandIO } from './command.js';
import { excludePatterns } from './exclude-option.js';
import { helmRendering } from './helm-options.js';
import { kustomizeRequest } from './kustomize-options.js';

type ScanInputs = Pick<ScanRequest, 'paths' | 'configFile' | 'useConfigFile' | 'exclude' | 'helm' | 'kustomize' | 'extraInputs'>;

/** What a scan reads, and its configuration file, from the options of the commands that run one (scan, rbac risks). */
export function scanInputs(paths: readonly string[], options: Record<string, unknown>, io: CommandIO, extraInputs: ClusterInputs | undefined): ScanInputs {
  return {
    paths,
    ...(typeof options.config === 'string' ? { configFile: options.config } : {}),
    useConfigFile: options.configFile !== false,
    exclude: excludePatterns(options),
    helm: helmRendering(options, io),
    kustomize: kustomizeRequest(options),
    ...(extraInputs ? { extraInputs } : {}),
  };
}

