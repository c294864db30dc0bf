import { isScalar, LineCounter, parseDocument } from 'yaml';
import { trivyCheckId } from '../../checks/equivalents.js';
import { goTime } from '../../custom-rules/cel/go-time.js';
import { listUnknownKeys, parseYaml, record, settleSkips, stringList, turnOff } from './shared.js';
import { isTrivyConfig, readTrivyConfig } from './trivy-config.js';
import { type ConfigImporter, type ImportedConfig, ImportInputError } from './types.js';

/**
 * Trivy's configuration file (trivy-config.ts) and its ignore files: `.trivyignore` (one id per line, `exp:YYYY-MM-DD` to expire) and
 * `.trivyignore.yaml` (`misconfigurations:` entries with `id`, `paths`, `statement`,
 * `expired_at`). Kubernetes check ids (`AVD-KSV-0017`, `KSV017`) turn the equivalent rules off,
 * or, with an expiry date, become an exemption for every object that ends on that date. Entries
 * limited to paths, and ids of other kinds (CVEs, secrets, Dockerfile checks), are listed.
 */
export const trivyImporter: ConfigImporter = {
  tool: 'Trivy',
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
    // Trivy reads the date with time.Parse("2006-01-02"); a line whose date does not parse is
    // skipped, with a warning, so the check is not ignored at all.
    if (expires !== undefined && !isIsoDate(expires)) {
      into.notImported.push(`${file}:${i + 1}: "${id}" is not carried over: Trivy skips this line, as exp:${expires} is not a date written YYYY-MM-DD`);
      return;
    }
    if (!add(into, id, `${file}:${i + 1}`, expires, undefined)) others++;
  });
  settleSkips(into);
  if (others > 0) into.notImported.push(`${file}: ${others} ${others === 1 ? 'id is' : 'ids are'} not Kubernetes manifest checks (vulnerabilities, secrets, other files) and ${others === 1 ? 'is' : 'are'} left to the scanners they belong to`);
}

function readYamlIgnores(text: string, file: string, into: ImportedConfig): void {
  const config = record(parseYaml(text, file)) ?? {};
  listUnknownKeys(config, ['misconfigurations', 'vulnerabilities', 'secrets', 'licenses'], `${file} `, 'Trivy', into);
  const entries = Array.isArray(config.misconfigurations) ? config.misconfigurations : [];
  const expiry = expiryReader(text, file);
  entries.forEach((raw, i) => {
    const entry = record(raw) ?? {};
    const where = `${file} misconfigurations[${i}]`;
    const id = typeof entry.id === 'string' ? entry.id : '';
    if (stringList(entry.paths).length > 0) {
      into.notImported.push(`${where}: "${id}" is ignored only in some paths; Rampart exempts objects by kind, namespace and name, not files by path`);
      return;
    }
    const expires = entry.expired_at === undefined || entry.expired_at === null ? undefined : expiry(i, entry.expired_at);
    const statement = typeof entry.statement === 'string' && entry.statement.trim() !== '' ? entry.statement.trim() : undefined;
    if (!add(into, id, where, expires, statement)) into.notImported.push(`${where}: "${id}" is not a Kubernetes manifest check`);
  });
  settleSkips(into);
}

/**
 * Whether `id` is a Kubernetes check id; if so, it is skipped, for good or until `expires`: its
 * rules are turned off or exempted until then (settleSkips), a check of some kinds only (KSV-0110:
 * Pods and workload controllers) on those kinds.
 */
function add(into: ImportedConfig, id: string, where: string, expires: string | undefined, statement: string | undefined): boolean {
  const canonical = trivyCheckId(id);
  if (!canonical) return false;
  turnOff(into, 'Trivy', canonical, where, expires === undefined ? undefined : { expires, written: id, ...(statement !== undefined ? { reason: statement } : {}) });
  return true;
}

/** Whether `text` is a date as time.Parse("2006-01-02") reads it: two-digit month and day, a day of the calendar. */
function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && utcDate(Number(match[1]), Number(match[2]), Number(match[3])) !== undefined;
}

/**
 * The expiry date (YYYY-MM-DD, in UTC) of `misconfigurations[i]` as Trivy decodes `expired_at`
 * into a time.Time with gopkg.in/yaml.v3: an unquoted timestamp (yaml.v3's formats, such as
 * `2027-06-30` or `2027-6-3 10:00:00`), else the text as RFC 3339 (time.Time's UnmarshalText), so a
 * quoted `"2027-06-30"` is refused. Throws ImportInputError, naming the line, for a value Trivy refuses, as
 * Trivy then refuses the whole file; undefined for the zero time (no expiry).
 */
function expiryReader(text: string, file: string): (i: number, value: unknown) => string | undefined {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  return (i, value) => {
    const node = document.getIn(['misconfigurations', i, 'expired_at'], true);
    const plain = isScalar(node) ? node.type === 'PLAIN' && node.tag !== 'tag:yaml.org,2002:str' : !(node instanceof Object) && typeof value !== 'string';
    const source = isScalar(node) ? String(node.source) : value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : undefined;
    const timestamp = plain && source !== undefined ? yamlTimestamp(source) : undefined;
    if (timestamp) return timestamp;
    const time = source === undefined ? undefined : goTime(source, false);
    if (time === null) return undefined;
    if (time !== undefined) return time.slice(0, 10);
    const line = node instanceof Object && 'range' in node && Array.isArray(node.range) ? `:${lines.linePos(Number(node.range[0])).line}` : '';
    const shown = source === undefined ? 'a value that is not text' : JSON.stringify(source);
    throw new ImportInputError(`${file}${line}: misconfigurations[${i}].expired_at: ${shown} is not a time Trivy reads (an unquoted YYYY-MM-DD, or an RFC 3339 time), so Trivy refuses the file`);
  };
}

/**
 * A plain YAML scalar as yaml.v3 resolves a timestamp (its parseTimestamp: time.Parse with
 * "2006-1-2T15:4:5.999999999Z07:00", the same with a lower-case t, "2006-1-2 15:4:5.999999999" in
 * UTC, or "2006-1-2"): the date in UTC, or undefined when it is no timestamp.
 */
function yamlTimestamp(text: string): string | undefined {
  const match = /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt](\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?(Z|[+-]\d\d:\d\d))|(?: (\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?))?$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, h1, m1, s1, zone, h2, m2, s2] = match;
  const [hour, minute, second] = [h1 ?? h2 ?? '0', m1 ?? m2 ?? '0', s1 ?? s2 ?? '0'].map(Number) as [number, number, number];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (zone !== undefined && zone !== 'Z') {
    const [zh, zm] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (zh > 24 || zm > 60) return undefined;
    offset = (zone.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
  }
  const date = utcDate(Number(year), Number(month), Number(day));
  if (!date) return undefined;
  date.setUTCHours(hour, minute - offset, second);
  return date.toISOString().slice(0, 10);
}

/** The UTC midnight of a day of the calendar; undefined for a month or day out of range (time.Parse refuses them). */
function utcDate(year: number, month: number, day: number): Date | undefined {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : undefined;
}
