import { isScalar, LineCounter, parseDocument } from 'yaml';
import { trivyCheckId } from '../../checks/equivalents.js';
import { civilFromDays, daysFromCivil, daysInMonth } from '../../core/civil-date.js';
import { goTime } from '../../custom-rules/cel/go-time.js';
import { listUnknownKeys, parseYaml, record, settleSkips, stringList, turnOff } from './shared.js';
import { isTrivyConfig, readTrivyConfig } from './trivy-config.js';
import { type ConfigImporter, type ImportedConfig, ImportInputError } from './types.js';

/**
 * Trivy's configuration file (trivy-config.ts) and its ignore files: `.trivyignore` (one id per line, `exp:YYYY-MM-DD` to expire) and
 * `.trivyignore.yaml` (`misconfigurations:` entries with `id`, `paths`, `statement`,
 * `expired_at`). Kubernetes check ids (`AVD-KSV-0017`, `KSV017`) turn the equivalent rules off,
 * or, with an expiry, become an exemption for every object that ends when Trivy stops ignoring
 * the check (lastDayIgnored). Entries limited to paths, and ids of other kinds (CVEs, secrets,
 * Dockerfile checks), are listed.
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
    // time.Parse("2006-01-02", "0001-01-01") is the zero time, which Trivy takes for no expiry.
    const until = expires === undefined || expires === '0001-01-01' ? undefined : lastDayIgnored(utcDays(expires));
    if (!add(into, id, `${file}:${i + 1}`, until, undefined)) others++;
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
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12 && Number(match[3]) >= 1 && Number(match[3]) <= daysInMonth(Number(match[1]), Number(match[2]));
}

/** The days from 1970-01-01 to the date at the start of `text` (YYYY-MM-DD, the year perhaps negative, as goTime writes it). */
function utcDays(text: string): number {
  const [, year, month, day] = /^(-?\d{4,})-(\d\d)-(\d\d)/.exec(text) ?? [];
  return daysFromCivil(Number(year), Number(month), Number(day));
}

/**
 * The `expires` date of an exemption that stops exempting when Trivy stops ignoring a check whose
 * expiry falls on the day `days` (UTC). Trivy drops an ignore entry once `ExpiredAt.Before(clock.Now())`
 * (IgnoreFindings.Prune, pkg/result/ignore.go), so a date-only expiry (midnight UTC) ignores the
 * check until the day begins, while a Rampart exemption holds through the whole UTC day of its
 * `expires` (resolve.ts: expired when `expires < today`). The day before is exact for a date;
 * for an expiry later in the day, the exemption ends at that day's start, hours before Trivy
 * reports the check again, never after.
 */
function lastDayIgnored(days: number): string {
  // An expiry before 0000-01-02 is long past either way; the schema wants a four-digit year.
  const [year, month, day] = civilFromDays(Math.max(days - 1, daysFromCivil(0, 1, 1)));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The `expires` date (lastDayIgnored) of `misconfigurations[i]`, Trivy decoding `expired_at`
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
    const time = timestamp !== undefined || source === undefined ? undefined : goTime(source, false);
    // null: the zero time, which Trivy takes for no expiry.
    if (timestamp === null || time === null) return undefined;
    if (timestamp !== undefined) return lastDayIgnored(timestamp);
    if (time !== undefined) return lastDayIgnored(utcDays(time));
    const line = node instanceof Object && 'range' in node && Array.isArray(node.range) ? `:${lines.linePos(Number(node.range[0])).line}` : '';
    const shown = source === undefined ? 'a value that is not text' : JSON.stringify(source);
    throw new ImportInputError(`${file}${line}: misconfigurations[${i}].expired_at: ${shown} is not a time Trivy reads (an unquoted YYYY-MM-DD, or an RFC 3339 time), so Trivy refuses the file`);
  };
}

/**
 * A plain YAML scalar as yaml.v3 resolves a timestamp (its parseTimestamp: time.Parse with
 * "2006-1-2T15:4:5.999999999Z07:00", the same with a lower-case t, "2006-1-2 15:4:5.999999999" in
 * UTC, or "2006-1-2"): the days from 1970-01-01 to its date in UTC, null for the zero time, or
 * undefined when it is no timestamp.
 */
function yamlTimestamp(text: string): number | null | undefined {
  const match = /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:[Tt](\d\d?):(\d\d?):(\d\d?)(?:[.,](\d+))?(Z|[+-]\d\d:\d\d))|(?: (\d\d?):(\d\d?):(\d\d?)(?:[.,](\d+))?))?$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, h1, m1, s1, f1, zone, h2, m2, s2, f2] = match;
  const [hour, minute, second] = [h1 ?? h2 ?? '0', m1 ?? m2 ?? '0', s1 ?? s2 ?? '0'].map(Number) as [number, number, number];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (zone !== undefined && zone !== 'Z') {
    const [zh, zm] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (zh > 24 || zm > 60) return undefined;
    offset = (zone.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
  }
  const [y, mo, d] = [Number(year), Number(month), Number(day)];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  const minutes = daysFromCivil(y, mo, d) * 1440 + hour * 60 + minute - offset;
  const fraction = /[1-9]/.test(f1 ?? f2 ?? '');
  if (minutes === daysFromCivil(1, 1, 1) * 1440 && second === 0 && !fraction) return null;
  return Math.floor(minutes / 1440);
}
