import type { ReferenceType } from '../core/references.js';
import type { Check } from './api.js';

/** Frameworks a scan can be limited to (`--framework`), by the reference type their rules carry. */
export const FRAMEWORKS: Readonly<Record<string, { readonly type: ReferenceType; readonly title: string }>> = {
  cis: { type: 'cis', title: 'CIS Kubernetes Benchmark' },
  nsa: { type: 'nsa', title: 'NSA/CISA Kubernetes Hardening Guide' },
  mitre: { type: 'mitre', title: 'MITRE ATT&CK for Containers' },
};

/** The rules that reference any of the frameworks. */
export function rulesOfFrameworks(checks: readonly Check[], frameworks: readonly string[]): string[] {
  const types = new Set(frameworks.flatMap((f) => (FRAMEWORKS[f] ? [FRAMEWORKS[f].type] : [])));
  return checks.filter((c) => c.references.some((r) => types.has(r.type))).map((c) => c.id);
}
