import path from 'node:path';
import yaml from 'js-yaml';
import type { ImportedConfig, ImportedParams } from './types.js';

/**
 * The imported settings as a `.rampart.yaml`, each commented with the setting it came from, and
 * what could not be carried over listed at the end.
 */
export function renderImportedConfig(imported: ImportedConfig, source: string, outputFile?: string): string {
  const lines = [`# Imported from ${oneLine(source)} by rampart config import. Review before use.`];
  for (const [key, setting] of imported.thresholds) lines.push(`${key}: ${setting.value}  # ${oneLine(setting.from)}`);
  if (imported.only.from.length > 0) lines.push(`onlyRules: ${flow([...imported.only.rules].sort())}  # ${oneLine(imported.only.from.join('; '))}`);
  if (imported.exclude.length > 0) {
    lines.push('exclude:');
    for (const e of imported.exclude) lines.push(`  - ${JSON.stringify(rebased(e.value, e.base, outputFile))}  # ${oneLine(e.from)}`);
  }
  if (imported.helm.size > 0) {
    lines.push('helm:');
    for (const [key, setting] of imported.helm) {
      const value = typeof setting.value === 'string' ? JSON.stringify(setting.value) : flow(setting.value);
      lines.push(`  ${key}: ${value}  # ${oneLine(setting.from)}`);
    }
  }
  const on = (rule: string) => {
    const params = imported.params.get(rule);
    if (!params) return 'on';
    return `{enabled: true, params: ${flowParams(params)}}`;
  };
  const rules = [...[...imported.off].map(([rule, from]) => [rule, 'off', from] as const), ...[...imported.on].map(([rule, from]) => [rule, on(rule), from] as const)];
  if (rules.length > 0) {
    lines.push('rules:');
    // Comments aligned after `on` and `off`; a setting with parameters is not padded.
    const width = Math.max(0, ...rules.filter(([, state]) => state.length <= 3).map(([rule, state]) => rule.length + state.length));
    for (const [rule, state, from] of rules) lines.push(`  ${rule}: ${state}${' '.repeat(Math.max(0, width - rule.length - state.length))}  # ${oneLine(from)}`);
  }
  if (imported.exemptions.length > 0) {
    lines.push('exemptions:');
    for (const e of imported.exemptions) {
      lines.push(`  - rules: ${flow(e.rules)}`);
      if (e.kinds) lines.push(`    kinds: ${flow(e.kinds)}`);
      if (e.namespaces) lines.push(`    namespaces: ${flow(e.namespaces)}`);
      if (e.namespaceAsWritten) lines.push('    namespaceAsWritten: true');
      if (e.names) lines.push(`    names: ${flow(e.names)}`);
      if (e.containers) lines.push(`    containers: ${flow(e.containers)}`);
      lines.push(`    reason: ${JSON.stringify(e.reason)}`);
      if (e.expires) lines.push(`    expires: ${JSON.stringify(e.expires)}`);
    }
  }
  if (imported.customRules.length > 0) {
    lines.push('customRules:');
    for (const { rule, from } of imported.customRules) {
      lines.push(`  # ${oneLine(from)}`);
      const body = yaml.dump([rule], { lineWidth: -1, noRefs: true, quotingType: '"' }).trimEnd();
      lines.push(...body.split('\n').map((line) => `  ${line}`));
    }
  }
  if (rules.length === 0 && imported.exemptions.length === 0 && imported.customRules.length === 0 && importedSettings(imported) === 0) lines.push('# Nothing in it has an exact Rampart equivalent.');
  if (imported.notImported.length > 0) {
    lines.push('', '# Not imported:');
    for (const note of imported.notImported) lines.push(`# - ${oneLine(note)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** How many top-level settings (thresholds, exclusions, helm settings, an allow-list) were imported. */
export function importedSettings(imported: ImportedConfig): number {
  return imported.thresholds.size + imported.exclude.length + imported.helm.size + (imported.only.from.length > 0 ? 1 : 0);
}

/**
 * A relative pattern with a slash, written from the directory of the configuration file written
 * (`-o`) rather than from that of the imported file: `charts/**` of `deploy/.kube-linter.yaml`
 * becomes `deploy/charts/**` in `./.rampart.yaml`. Other patterns mean the same from anywhere.
 */
function rebased(pattern: string, base: string | undefined, outputFile: string | undefined): string {
  if (base === undefined || outputFile === undefined || pattern.startsWith('/') || !pattern.includes('/')) return pattern;
  const prefix = path.relative(path.resolve(path.dirname(outputFile)), path.resolve(base)).split(path.sep).join('/');
  return prefix === '' ? pattern : path.posix.normalize(`${prefix}/${pattern}`);
}

/** A parameter value in YAML flow style: strings quoted, keys plain (rule parameters are plain names). */
function flowParams(value: ImportedParams): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (isList(value)) return flow(value);
  return `{${Object.entries(value).map(([key, inner]) => `${key}: ${flowParams(inner)}`).join(', ')}}`;
}

function isList(value: ImportedParams): value is readonly string[] {
  return Array.isArray(value);
}

function flow(items: readonly string[]): string {
  return `[${items.map((s) => JSON.stringify(s)).join(', ')}]`;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
