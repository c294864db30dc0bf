import { rulesFor, rulesOnKinds, trivyCheckId } from '../../checks/equivalents.js';
import { listUnknownKeys, noEquivalent, parseYaml, record, stringList, turnOff } from './shared.js';
import { isTrivyConfig, readTrivyConfig } from './trivy-config.js';
import type { ConfigImporter, ImportedConfig } from './types.js';

/**
 * Trivy's configuration file (trivy-config.ts) and its ignore files: `.trivyignore` (one id per line, `exp:YYYY-MM-DD` to expire) and
 * `.trivyignore.yaml` (`misconfigurations:` entries with `id`, `paths`, `statement`,
 * `expired_at`). Kubernetes check ids (`AVD-KSV-0017`, `KSV017`) turn the equivalent rules off,
 * or, with an expiry date, become an exemption for every object that ends on that date. Entries
 * limited to paths, and ids of other kinds (CVEs, secrets, Dockerfile checks), are listed.
 */
export const trivyImporter: ConfigImporter = {
  tool: 'Trivy',
  fileNames: ['.trivyignore', '.trivyignore.yaml', 'trivy.yaml'],
  read(text, file, into) {
    if (!/\.ya?ml$/i.test(file)) readLineIgnores(text, file, into);
    else {
      const config = isTrivyConfig(text, file);
      if (config) readTrivyConfig(config, file, into);
      else readYamlIgnores(text, file, into);
    }
  },
};

function readLineIgnores(text: string, file: string, into: ImportedConfig): void {
  let others = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    // As Trivy reads it: comment lines are skipped, the first field is the id, and any later
    // field `exp:DATE` sets the expiry; other fields are ignored.
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [id = '', ...rest] = line.split(/\s+/);
    const expires = rest.find((r) => r.startsWith('exp:'))?.slice(4);
    if (!add(into, id, `${file}:${i + 1}`, expires, undefined)) others++;
  });
  if (others > 0) into.notImported.push(`${file}: ${others} ${others === 1 ? 'id is' : 'ids are'} not Kubernetes manifest checks (vulnerabilities, secrets, other files) and ${others === 1 ? 'is' : 'are'} left to the scanners they belong to`);
}

function readYamlIgnores(text: string, file: string, into: ImportedConfig): void {
  const config = record(parseYaml(text, file)) ?? {};
  listUnknownKeys(config, ['misconfigurations', 'vulnerabilities', 'secrets', 'licenses'], `${file} `, 'Trivy', into);
  const entries = Array.isArray(config.misconfigurations) ? config.misconfigurations : [];
  entries.forEach((raw, i) => {
    const entry = record(raw) ?? {};
    const where = `${file} misconfigurations[${i}]`;
    const id = typeof entry.id === 'string' ? entry.id : '';
    if (stringList(entry.paths).length > 0) {
      into.notImported.push(`${where}: "${id}" is ignored only in some paths; Rampart exempts objects by kind, namespace and name, not files by path`);
      return;
    }
    const expires = entry.expired_at instanceof Date ? entry.expired_at.toISOString().slice(0, 10) : typeof entry.expired_at === 'string' ? entry.expired_at : undefined;
    const statement = typeof entry.statement === 'string' && entry.statement.trim() !== '' ? entry.statement.trim() : undefined;
    if (!add(into, id, where, expires, statement)) into.notImported.push(`${where}: "${id}" is not a Kubernetes manifest check`);
  });
}

/** Whether `id` is a Kubernetes check id; if so, its rules are turned off or exempted until `expires`. */
function add(into: ImportedConfig, id: string, where: string, expires: string | undefined, statement: string | undefined): boolean {
  const canonical = trivyCheckId(id);
  if (!canonical) return false;
  if (expires === undefined) {
    turnOff(into, 'Trivy', canonical, where);
    return true;
  }
  const rules = rulesFor('Trivy', canonical);
  const scoped = rulesOnKinds('Trivy', canonical);
  const reason = statement ?? `imported from Trivy ${where} (${id})`;
  if (rules.length > 0) into.exemptions.push({ rules, reason, expires });
  // A check of some kinds only (KSV-0110: Pods and workload controllers) is exempted on those kinds.
  if (scoped) into.exemptions.push({ rules: scoped.rules, kinds: scoped.kinds, reason, expires });
  if (rules.length === 0 && !scoped) into.notImported.push(noEquivalent(where, 'Trivy', 'check', id));
  return true;
}
