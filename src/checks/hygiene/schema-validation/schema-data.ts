import { readFileSync } from 'node:fs';
import { packageFile } from '../../../package-files.js';
import { type CompiledSchema, compileSchema } from './compile.js';

/** The Kubernetes release whose OpenAPI document the data file was generated from (data/k8s-schema). */
export const SCHEMA_KUBERNETES_VERSION = '1.37';

const DATA_FILE = packageFile('data', 'k8s-schema', `v${SCHEMA_KUBERNETES_VERSION}.json`);

let compiled: CompiledSchema | undefined;

/** The built-in API schema, read and compiled on first use only (most scans never validate twice). */
export function kubernetesSchema(): CompiledSchema {
  compiled ??= compileSchema(JSON.parse(readFileSync(DATA_FILE, 'utf8')));
  return compiled;
}
