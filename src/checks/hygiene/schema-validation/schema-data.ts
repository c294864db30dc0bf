import { readFileSync } from 'node:fs';
import { type CompiledSchema, compileSchema } from './compile.js';

/** The Kubernetes release whose OpenAPI document the data file was generated from (data/k8s-schema). */
export const SCHEMA_KUBERNETES_VERSION = '1.37';

// Four levels up is the package root both from src/checks/hygiene/schema-validation (tests) and
// from dist/checks/hygiene/schema-validation (the installed CLI); package.json ships data/.
const DATA_FILE = new URL(`../../../../data/k8s-schema/v${SCHEMA_KUBERNETES_VERSION}.json`, import.meta.url);

let compiled: CompiledSchema | undefined;

/** The built-in API schema, read and compiled on first use only (most scans never validate twice). */
export function kubernetesSchema(): CompiledSchema {
  compiled ??= compileSchema(JSON.parse(readFileSync(DATA_FILE, 'utf8')));
  return compiled;
}
