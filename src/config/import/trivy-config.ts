import path from 'node:path';
import { parseYaml, record, stringList } from './shared.js';
import type { ImportedConfig, ImportedHelmKey } from './types.js';

/** Trivy's severities, lowest first, and the Rampart severity each stands for. */
const SEVERITIES: ReadonlyArray<readonly [string, string]> = [
  ['UNKNOWN', 'info'],
  ['LOW', 'low'],
  ['MEDIUM', 'medium'],
  ['HIGH', 'high'],
  ['CRITICAL', 'critical'],
];

const HELM_KEYS: ReadonlyArray<readonly [string, ImportedHelmKey]> = [
  ['values', 'values'],
  ['set', 'set'],
  ['set-string', 'setString'],
  ['set-file', 'setFile'],
  ['api-versions', 'apiVersions'],
  ['kube-version', 'kubeVersion'],
];

/**
 * Trivy's configuration file (`trivy.yaml`, or the file of `--config`), for what it says about
 * scanning Kubernetes manifests: which severities are shown (`severity`) and fail the run
 * (`exit-code`), what is skipped (`scan.skip-dirs`, `scan.skip-files`), and how Helm charts are
 * rendered (`misconfiguration.helm`). The rest configures Trivy's other scanners and its output,
 * and is listed in one line.
 */
export function readTrivyConfig(config: Record<string, unknown>, file: string, into: ImportedConfig): void {
  if (!Object.keys(config).some((key) => TRIVY_KEYS.has(key))) {
    // Not Trivy's file at all (given to the wrong --from): its defaults are not read into it.
    for (const key of Object.keys(config)) into.notImported.push(`${file} ${key}: not a setting of Trivy's file (is --from right?)`);
    return;
  }
  const used = new Set<string>();
  readSeverities(config, file, into, used);
  readSkips(config, file, into, used);
  readHelm(config, file, into, used);
  if (typeof config.ignorefile === 'string') {
    into.notImported.push(`${file} ignorefile: import it too: rampart config import --from trivy ${config.ignorefile}`);
    used.add('ignorefile');
  }
  const rest = Object.keys(config).filter((key) => !used.has(key));
  const others = rest.filter((key) => TRIVY_KEYS.has(key));
  if (others.length > 0) into.notImported.push(`${file}: ${others.join(', ')}: settings of Trivy's other scanners and of its output, with no bearing on manifest checks`);
  for (const key of rest.filter((k) => !TRIVY_KEYS.has(k))) into.notImported.push(`${file} ${key}: not a setting of Trivy's file (is --from right?)`);
}

// The first part of every configuration key of Trivy's flags (pkg/flag, v0.74.0).
const TRIVY_KEYS = new Set(
  'ansible cacert cache clean cloud config db debug dependency-tree exit-code exit-on-eol format generate-default-config ignore-policy ignorefile image insecure kubernetes license list-all-pkgs misconfiguration module output output-plugin-arg pkg quiet registry rego report repository reset scan secret server severity table-mode template timeout trace version vulnerability'.split(' '),
);

function readSeverities(config: Record<string, unknown>, file: string, into: ImportedConfig, used: Set<string>): void {
  const names = config.severity === undefined ? SEVERITIES.map(([name]) => name) : stringList(config.severity).map((s) => s.toUpperCase());
  if (config.severity !== undefined) used.add('severity');
  const indexes = names.map((name) => SEVERITIES.findIndex(([n]) => n === name));
  const lowest = Math.min(...indexes);
  // Trivy shows the severities listed; Rampart shows those at or above one: only a list that runs up to CRITICAL is a threshold.
  const threshold = indexes.every((i) => i >= 0) && new Set(indexes).size === SEVERITIES.length - lowest ? SEVERITIES[lowest]?.[1] : undefined;
  if (config.severity !== undefined) {
    const unknown = names.filter((_, i) => indexes[i] === -1);
    if (threshold) into.thresholds.set('minSeverity', { value: threshold, from: `${file} severity: ${names.join(', ')}` });
    else if (unknown.length > 0) into.notImported.push(`${file} severity: ${unknown.join(', ')} is not a Trivy severity (${SEVERITIES.map(([n]) => n).join(', ')})`);
    else into.notImported.push(`${file} severity: ${names.join(', ')} is not every severity from one up to CRITICAL, which is what minSeverity can say`);
  }
  const exitCode = config['exit-code'];
  if (exitCode !== undefined) used.add('exit-code');
  if (exitCode === undefined || exitCode === 0) {
    into.thresholds.set('failOn', { value: 'never', from: `${file} sets no exit-code: Trivy exited 0 whatever it found` });
  } else if (typeof exitCode === 'number' && Number.isInteger(exitCode)) {
    if (threshold) into.thresholds.set('failOn', { value: threshold, from: `${file} exit-code: ${exitCode} for severities ${names.join(', ')}${exitCode === 1 ? '' : ' (Rampart exits 1)'}` });
    else into.notImported.push(`${file} exit-code: ${exitCode} for severities ${names.join(', ')}, which failOn cannot say`);
  } else into.notImported.push(`${file} exit-code: not a number`);
}

function readSkips(config: Record<string, unknown>, file: string, into: ImportedConfig, used: Set<string>): void {
  const scan = record(config.scan);
  if (!scan) return;
  used.add('scan');
  for (const [key, dirs] of [['skip-dirs', true], ['skip-files', false]] as const) {
    for (const raw of stringList(scan[key])) {
      // As Trivy cleans them: no leading slash, matched against the path from the scanned directory.
      const pattern = raw.replace(/\\/g, '/').replace(/^\/+/, '').replace(/\/+$/, '');
      if (pattern === '') continue;
      const from = `${file} scan.${key}: ${raw} (Trivy's paths are from the directory it scans, taken here to be its file's)`;
      // Without a slash Trivy matches the top level only, where Rampart would match that name at any depth.
      if (pattern.includes('/')) into.exclude.push({ value: pattern, base: path.dirname(file), from });
      else if (dirs) into.exclude.push({ value: `${pattern}/**`, base: path.dirname(file), from });
      else into.notImported.push(`${file} scan.skip-files: ${raw} matches a file at the top level only in Trivy, and at any depth as a Rampart pattern: write exclude: ["${pattern}"] if that is meant`);
    }
  }
}

function readHelm(config: Record<string, unknown>, file: string, into: ImportedConfig, used: Set<string>): void {
  const misconfiguration = record(config.misconfiguration);
  if (!misconfiguration) return;
  used.add('misconfiguration');
  const helm = record(misconfiguration.helm) ?? {};
  for (const [trivyKey, key] of HELM_KEYS) {
    const value = helm[trivyKey];
    if (value === undefined) continue;
    const from = `${file} misconfiguration.helm.${trivyKey}`;
    if (key === 'kubeVersion') {
      if (typeof value === 'string' || typeof value === 'number') into.helm.set(key, { value: String(value), from });
    } else into.helm.set(key, { value: stringList(value), from });
  }
  const others = Object.keys(misconfiguration).filter((k) => k !== 'helm');
  if (others.length > 0) into.notImported.push(`${file} misconfiguration: ${others.join(', ')}: no Rampart equivalent (Rego checks and other file types)`);
}

/** Whether a YAML file is Trivy's configuration rather than a `.trivyignore.yaml`. */
export function isTrivyConfig(text: string, file: string): Record<string, unknown> | undefined {
  const config = record(parseYaml(text, file)) ?? {};
  const ignoreKeys = ['misconfigurations', 'vulnerabilities', 'secrets', 'licenses'];
  return Object.keys(config).some((k) => ignoreKeys.includes(k)) || Object.keys(config).length === 0 ? undefined : config;
}
