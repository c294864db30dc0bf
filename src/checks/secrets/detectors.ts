/*
 * Detectors for credentials written into manifests: well-known credential formats, found
 * anywhere in a value, and literal values of settings whose name says they hold a secret.
 * Results name the kind of credential, never the value.
 */

interface CredentialFormat {
  /** With its article, ready for messages: `an AWS access key ID`. */
  readonly kind: string;
  readonly regex: RegExp;
}

/** Base64 of a PEM private key header, as found in kubeconfig `client-key-data` and the like. */
const BASE64_PEM_HEADERS = ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY'].map((label) => {
  const encoded = Buffer.from(`-----BEGIN ${label}-----`).toString('base64');
  // Only whole 3-byte groups encode the same way whatever follows.
  return encoded.slice(0, Math.floor(`-----BEGIN ${label}-----`.length / 3) * 4);
});

const CREDENTIAL_FORMATS: readonly CredentialFormat[] = [
  { kind: 'a private key', regex: /-----BEGIN (?:(?:RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'a base64-encoded private key', regex: new RegExp(BASE64_PEM_HEADERS.join('|')) },
  { kind: 'an AWS access key ID', regex: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'a GitHub token', regex: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/ },
  { kind: 'a GitLab token', regex: /\bgl(?:pat|dt|rt|ptt)-[A-Za-z0-9_-]{20,}/ },
  { kind: 'a Slack token', regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'a Slack webhook URL', regex: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/ },
  { kind: 'a Google API key', regex: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/ },
  { kind: 'a Stripe secret key', regex: /\b[rs]k_live_[0-9A-Za-z]{20,}\b/ },
  { kind: 'a SendGrid API key', regex: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/ },
  { kind: 'an npm token', regex: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'a HashiCorp Vault token', regex: /\bhvs\.[A-Za-z0-9_-]{24,}/ },
  { kind: 'an OpenAI API key', regex: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}/ },
  { kind: 'an Anthropic API key', regex: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}/ },
  { kind: 'an Azure storage account key', regex: /AccountKey=[A-Za-z0-9+/]{80,}={0,2}/ },
  { kind: 'a JSON Web Token', regex: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
];

/** `scheme://user:password@host`: the password part. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/?#]*:([^\s@/?#]+)@[^\s/?#@]/i;
/** `Server=…;Password=…;` as in ADO.NET / JDBC-style connection strings. */
const CONNECTION_STRING_PASSWORD = /(?:^|;)\s*(?:password|pwd)\s*=\s*([^;]*)/i;

/** The kind of credential `text` contains by its format (`a GitHub token`), if any. */
export function detectCredentialFormat(text: string): string | undefined {
  for (const { kind, regex } of CREDENTIAL_FORMATS) if (regex.test(text)) return kind;
  const urlPassword = URL_PASSWORD.exec(text)?.[1];
  if (urlPassword !== undefined && isLiteralSecretValue(urlPassword)) return 'a URL with an embedded password';
  if (text.includes(';')) {
    const password = CONNECTION_STRING_PASSWORD.exec(text)?.[1];
    if (password !== undefined && isLiteralSecretValue(password)) return 'a connection string with a password';
  }
  return undefined;
}

/** Words that mark a setting as secret wherever they appear in its name. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'passphrase', 'secret', 'secrets', 'token', 'credential', 'credentials', 'apikey', 'privatekey',
  'accesskey', 'secretkey', 'htpasswd', 'authtoken', 'accesstoken', 'clientsecret', 'requirepass', 'masterauth',
]);
/** Abbreviations that mean a password only as the last word (`DB_PASS`, not `PASS_THROUGH`). */
const SECRET_LAST_WORDS = new Set(['pass', 'pwd', 'pw', 'creds']);
/** Two-word names of secrets: `API_KEY`, `privateKey`, `signing-key`. */
const SECRET_PAIRS = new Set([
  'api key', 'private key', 'access key', 'secret key', 'signing key', 'encryption key', 'master key', 'auth key', 'account key', 'session key', 'shared key',
]);
/**
 * Words that may follow the secret word without changing what the value is (`SECRET_KEY_BASE`,
 * `DB_PASSWORD_PROD`, `password.txt`). Any other trailing word makes the name describe
 * something about the secret (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`, `passwordConnector`).
 */
const QUALIFIER_WORDS = new Set([
  'base', 'value', 'val', 'prod', 'production', 'dev', 'development', 'staging', 'stage', 'test', 'qa', 'uat', 'primary',
  'secondary', 'old', 'new', 'current', 'previous', 'prev', 'next', 'raw', 'plain', 'plaintext', 'encoded', 'b64', 'base64',
  'hex', 'string', 'str', 'data', 'content', 'hash', 'default', 'override', 'read', 'write', 'ro', 'rw', 'txt', 'pem', 'der',
  'p12', 'pfx', 'jks', 'asc', 'gpg',
]);

/** Splits `dbPassword`, `DB_PASSWORD`, `spring.datasource.password`, `APIKey` into lowercase words. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** Whether a variable or setting name says its value is a secret: its last secret word is its head. */
export function isSensitiveName(name: string): boolean {
  let known = sensitiveNames.get(name);
  if (known === undefined) {
    // Thousands of workloads repeat the same few variable names; the cache is bounded for the
    // long-running admission webhook, which sees names without end.
    if (sensitiveNames.size >= SENSITIVE_NAME_CACHE_SIZE) sensitiveNames.clear();
    sensitiveNames.set(name, (known = judgeName(name)));
  }
  return known;
}

const SENSITIVE_NAME_CACHE_SIZE = 10_000;
const sensitiveNames = new Map<string, boolean>();

function judgeName(name: string): boolean {
  const words = nameWords(name);
  const last = words.length - 1;
  const isSecretWord = (w: string, i: number) =>
    SECRET_WORDS.has(w) || (i === last && SECRET_LAST_WORDS.has(w)) || (i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${w}`));
  const head = words.findLastIndex(isSecretWord);
  return head !== -1 && words.slice(head + 1).every((w) => QUALIFIER_WORDS.has(w) || /^v?\d+$/.test(w));
}

const NOT_SECRET_VALUES = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'nil', 'none', 'undefined', '~', 'enabled', 'disabled', 'required', 'optional', 'auto']);
/** Values that only point at the secret: variable expansion, templates, secret stores, encrypted blobs. */
const REFERENCE = /\$\(|\$\{|\{\{|<%|%\(|#\{|^\$[A-Za-z_]|^(?:arn:|vault:|ref\+|sm:\/\/|gcp:\/\/|azkv:|op:\/\/|@Microsoft\.KeyVault\(|projects\/[^/]+\/secrets\/|secretsmanager:|ssm:|\{cipher\}|ENC\()/i;
/** Values that mark where a secret must go rather than being one. */
const PLACEHOLDER =
  /^(?:<[^<>]*>|\[[^\]]*\]|x{3,}|\*{3,}|\.{3,}|-{3,}|_{3,}|#{3,}|replace[-_ ]?(?:me|this)|replace[-_ ].*|fill[-_ ]?(?:me[-_ ]?)?in|your[-_ ].*|your(?:password|passwd|secret|token|key|apikey|accesskey)\w*|.*[-_ ]here|todo|tbd|fixme|placeholder|redacted|dummy|masked|hidden|n\/a)$/i;
const PATH = /^(?:\/|\.{1,2}\/|~\/|file:|[A-Za-z]:\\)/;
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;
/** `my-app-tls`, `db-credentials`: the name of a Kubernetes Secret, not its content. */
const SECRET_OBJECT_NAME = /^[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?[-.](?:secret|secrets|creds|credentials|credential|tls|token|tokens|keys|cert|certs|certificate|certificates)$/;
/** `DB_PASSWORD`: the name of another variable. */
const VARIABLE_NAME = /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$/;
const DURATION_OR_SMALL_NUMBER = /^(?:\d{1,5}|\d+(?:\.\d+)?(?:ms|s|m|h|d|w))$/;

/** Whether a value is a credential written in clear, rather than a reference, placeholder or flag. */
export function isLiteralSecretValue(raw: string): boolean {
  const value = raw.trim();
  if (value.length < 3 || value.includes('\n')) return false;
  if (NOT_SECRET_VALUES.has(value.toLowerCase()) || DURATION_OR_SMALL_NUMBER.test(value)) return false;
  if (REFERENCE.test(value) || PLACEHOLDER.test(value) || PATH.test(value) || URL.test(value)) return false;
  if (SECRET_OBJECT_NAME.test(value) || VARIABLE_NAME.test(value)) return false;
  // Several words are prose (a description, a help text), not a secret.
  return value.split(/\s+/).length < 4;
}

const WELL_KNOWN_DEFAULTS = new Set([
  'changeme', 'change-me', 'change_me', 'changeit', 'password', 'passw0rd', 'p@ssw0rd', 'password1', 'password123', 'admin',
  'admin123', 'administrator', 'root', 'toor', 'secret', 'guest', 'default', 'letmein', 'welcome', 'test', 'qwerty',
  'abc123', '123456', '12345678', '123456789',
]);

/** Whether a literal credential is a default or dictionary password that attackers try first. */
export function isWellKnownDefault(value: string): boolean {
  return WELL_KNOWN_DEFAULTS.has(value.trim().toLowerCase());
}

/** Why a named value is a credential. */
export type CredentialHit =
  | { readonly reason: 'format'; readonly kind: string }
  | { readonly reason: 'name'; readonly wellKnownDefault: boolean };

/** Classifies `name = value` (an env var, a ConfigMap key, a config file setting). */
export function detectCredential(name: string, value: string): CredentialHit | undefined {
  const kind = detectCredentialFormat(value);
  if (kind !== undefined) return { reason: 'format', kind };
  if (isSensitiveName(name) && isLiteralSecretValue(value)) return { reason: 'name', wellKnownDefault: isWellKnownDefault(value) };
  return undefined;
}

/**
 * `key: value`, `key=value`, `"key": "value",`, `export KEY=value`, `- key: value`, and the
 * two-word `key value` of redis.conf-style files: the key and the value without quotes,
 * trailing commas or an inline comment.
 */
const ASSIGNMENT = /^\s*(?:export\s+|-\s+)?["']?([A-Za-z_][\w.\-[\]]*)["']?\s*(?:=|:(?!\/\/))\s*(.*)$/;
const DIRECTIVE = /^\s*([A-Za-z_][\w.-]*)\s+(\S+)\s*$/;

export function parseAssignment(line: string): { readonly key: string; readonly value: string } | undefined {
  const match = ASSIGNMENT.exec(line) ?? DIRECTIVE.exec(line);
  if (!match?.[1]) return undefined;
  const value = (match[2] ?? '')
    .replace(/\s+#.*$/, '')
    .replace(/[,;]\s*$/, '')
    .trim()
    .replace(/^(["'])(.*)\1$/, '$2');
  return { key: match[1], value };
}
