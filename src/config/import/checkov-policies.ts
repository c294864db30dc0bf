import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { customRuleId, nonEmptyText } from './custom-rules.js';
import { parseYaml, record } from './shared.js';
import type { ImportedConfig } from './types.js';

/*
 * Checkov's YAML custom policies (metadata + definition) become custom rules whose `checkov:` is
 * the policy's definition, which Rampart evaluates as Checkov does. They come from the directories
 * `external-checks-dir` of a .checkov.yaml names, or from a policy file given to --from checkov.
 * Policies of other providers, and Python checks, are listed as not imported.
 */

const SEVERITY: Readonly<Record<string, string>> = { CRITICAL: 'critical', HIGH: 'high', MEDIUM: 'medium', LOW: 'low', INFO: 'info' };

/** Whether a parsed YAML file is a Checkov policy rather than a .checkov.yaml. */
export function isCheckovPolicy(value: Record<string, unknown>): boolean {
  return record(value.metadata) !== undefined && value.definition !== undefined;
}

/**
 * One policy as a custom rule; returns its Checkov id and the rule id, or undefined when it is not
 * imported (and says why in the settings not imported).
 */
export function readCheckovPolicy(policy: Record<string, unknown>, where: string, into: ImportedConfig): { checkovId: string; ruleId: string } | undefined {
  const metadata = record(policy.metadata) ?? {};
  const checkovId = nonEmptyText(metadata.id);
  const why = (reason: string) => {
    into.notImported.push(`${where}${checkovId ? ` (${checkovId})` : ''}: not carried over: ${reason}`);
    return undefined;
  };
  if (!checkovId) return why('it has no metadata.id, which Checkov requires');
  const providers = [record(policy.scope)?.provider].flat().filter((p): p is string => typeof p === 'string');
  if (providers.length > 0 && !providers.some((p) => p.toLowerCase() === 'kubernetes')) return why(`a policy for ${providers.join(', ')}, not Kubernetes`);
  const definition = record(policy.definition);
  if (!definition) return why('its definition is not a condition or and/or/not');
  const foreign = resourceTypes(definition).filter((t) => !/^[A-Z][A-Za-z0-9]*$/.test(t));
  if (foreign.length > 0) return why(`its resource_types are not Kubernetes kinds (${foreign.join(', ')})`);
  const written = typeof metadata.severity === 'string' ? metadata.severity.toUpperCase() : undefined;
  const severity = (written && SEVERITY[written]) ?? 'high';
  const guideline = nonEmptyText(metadata.guideline);
  const rule: Record<string, unknown> = {
    // Checkov's ids are upper case with underscores: CKV2_K8S_ACME_1 is ckv2-k8s-acme-1.
    id: customRuleId(checkovId.toLowerCase(), 'checkov'),
    title: nonEmptyText(metadata.name) ?? checkovId,
    severity,
    target: 'object',
    description: `Imported from the Checkov policy ${checkovId}${nonEmptyText(metadata.category) ? ` (${nonEmptyText(metadata.category)})` : ''}.`,
    ...(guideline && /^https?:\/\//.test(guideline) ? { references: [guideline] } : {}),
    checkov: definition,
  };
  const severityNote = written && SEVERITY[written] ? `severity ${written}` : 'high: Checkov fails on any failed check';
  into.customRules.push({ rule, from: `${where} (${checkovId}, ${severityNote})` });
  return { checkovId, ruleId: String(rule.id) };
}

function resourceTypes(definition: Record<string, unknown>): string[] {
  const nested = ['and', 'or', 'not'].flatMap((op) => [definition[op]].flat().map(record).filter((d): d is Record<string, unknown> => d !== undefined));
  if (nested.length > 0) return nested.flatMap(resourceTypes);
  return [definition.resource_types].flat().filter((t): t is string => typeof t === 'string');
}

/**
 * The YAML and JSON policies in the directories external-checks-dir names (relative to the .checkov.yaml's
 * directory, where Checkov is taken to run), read recursively as Checkov reads them. Returns the
 * rule id of each policy imported, by Checkov id.
 */
export function readExternalChecks(dirs: readonly string[], file: string, into: ImportedConfig): Map<string, string> {
  const ids = new Map<string, string>();
  for (const written of dirs) {
    const dir = path.resolve(path.dirname(file), written);
    const setting = `${file} external-checks-dir: ${written}`;
    let files: string[];
    try {
      files = walk(dir);
    } catch {
      into.notImported.push(`${setting}: not a directory that can be read`);
      continue;
    }
    const python = files.filter((f) => f.endsWith('.py') && path.basename(f) !== '__init__.py');
    if (python.length > 0) into.notImported.push(`${setting}: ${python.length} Python check${python.length === 1 ? '' : 's'} (${python.map((f) => path.relative(dir, f)).join(', ')}): Python checks run Python code, which Rampart does not`);
    // Checkov reads .json, .yaml and .yml files there (a JSON file is YAML too).
    for (const policyFile of files.filter((f) => /\.(?:ya?ml|json)$/.test(f))) {
      const shown = path.join(path.dirname(file), written, path.relative(dir, policyFile));
      const policy = record(parseYaml(readFileSync(policyFile, 'utf8'), shown));
      if (!policy || !isCheckovPolicy(policy)) continue;
      const read = readCheckovPolicy(policy, shown, into);
      if (read) ids.set(read.checkovId, read.ruleId);
    }
  }
  return ids;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
}
