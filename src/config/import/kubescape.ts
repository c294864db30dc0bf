import { rulesFor } from '../../checks/equivalents.js';
import { noEquivalent, parseYaml, record } from './shared.js';
import type { ConfigImporter, ImportedConfig } from './types.js';

/*
 * Kubescape's exceptions file (`--exceptions FILE`): a list of `postureExceptionPolicy` entries
 * naming controls (`posturePolicies[].controlID`) and the resources they do not apply to
 * (`resources[].attributes`: namespace, name and kind, each a regular expression matched against
 * the whole value; other attributes are labels). Each
 * resource becomes a `.rampart.yaml` exemption for the rules equivalent to those controls.
 * Only what globs can say exactly is carried over: literal values, and `.*` for anything.
 * Frameworks, control names and other attributes (labels, cluster) are listed instead.
 */
export const kubescapeImporter: ConfigImporter = {
  tool: 'Kubescape',
  fileNames: ['its --exceptions file (JSON)'],
  read(text, file, into) {
    const document = parseYaml(text, file);
    const policies = Array.isArray(document) ? document : [];
    policies.forEach((raw, i) => policy(record(raw) ?? {}, `${file} [${i}]${typeof record(raw)?.name === 'string' ? ` "${String(record(raw)?.name)}"` : ''}`, into));
  },
};

const ATTRIBUTES = ['namespace', 'name', 'kind'] as const;

function policy(entry: Record<string, unknown>, where: string, into: ImportedConfig): void {
  if (entry.policyType !== undefined && entry.policyType !== 'postureExceptionPolicy') return;
  const controls: string[] = [];
  for (const raw of Array.isArray(entry.posturePolicies) ? entry.posturePolicies : []) {
    const p = record(raw) ?? {};
    if (typeof p.controlID === 'string') controls.push(p.controlID);
    else into.notImported.push(`${where}: ${Object.keys(p).join(', ') || 'an empty posture policy'} (only controlID is carried over)`);
  }
  const rules = [...new Set(controls.flatMap((id) => rulesFor('Kubescape', id)))].sort();
  for (const id of controls) if (rulesFor('Kubescape', id).length === 0) into.notImported.push(noEquivalent(where, 'Kubescape', 'control', id));
  if (rules.length === 0) return;
  const resources = Array.isArray(entry.resources) && entry.resources.length > 0 ? entry.resources : [{ attributes: {} }];
  resources.forEach((raw, r) => {
    const attributes = record(record(raw)?.attributes) ?? {};
    const unknown = Object.keys(attributes).filter((k) => !(ATTRIBUTES as readonly string[]).includes(k));
    const globs: Partial<Record<(typeof ATTRIBUTES)[number], string>> = {};
    let exact = unknown.length === 0;
    for (const key of ATTRIBUTES) {
      const value = attributes[key];
      if (value === undefined) continue;
      const glob = typeof value === 'string' ? globOf(value) : undefined;
      if (glob === undefined) exact = false;
      else if (glob !== '*' && glob !== '') globs[key] = glob;
    }
    if (!exact) {
      into.notImported.push(`${where} resources[${r}]: attributes ${JSON.stringify(attributes)} use labels or regular expressions other than literal text and ".*", which Rampart's exemptions cannot say exactly`);
      return;
    }
    into.exemptions.push({
      rules,
      ...(globs.kind ? { kinds: [globs.kind] } : {}),
      ...(globs.namespace ? { namespaces: [globs.namespace] } : {}),
      ...(globs.name ? { names: [globs.name] } : {}),
      reason: `imported from Kubescape ${where}`,
    });
  });
}

/**
 * A Kubescape attribute (a regular expression matched against the whole value) as a glob, when it
 * is literal text with `.*` between: `web-.*` is `web-*`. Anything else has no exact glob.
 */
export function globOf(pattern: string): string | undefined {
  const parts = pattern.split('.*');
  return parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p)) ? parts.join('*') : undefined;
}
