import { describe, expect, it } from 'vitest';
import { detectCredential, detectCredentialFormat, isLiteralSecretValue, isSensitiveName, parseAssignment } from './detectors.js';

// Built at run time so that no complete credential-shaped string sits in the repository.
const fake = (prefix: string, body: string, length: number) => prefix + body.repeat(Math.ceil(length / body.length)).slice(0, length);

describe('isSensitiveName', () => {
  it.each([
    'DB_PASSWORD', 'dbPassword', 'MYSQL_ROOT_PASSWORD', 'spring.datasource.password', 'SMTP_PASS', 'REDIS_PWD', 'API_KEY', 'apiKey',
    'X-Api-Key', 'APIKey', 'GITHUB_TOKEN', 'accessToken', 'OAUTH2_CLIENT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_KEY', 'signing-key',
    'GOOGLE_APPLICATION_CREDENTIALS', 'db_creds', 'DB_PASSWORD_PROD', 'REDIS_PASSWORD_2', 'password.txt', 'secret.key', 'JWT_SECRET', 'htpasswd', 'PASSWORD_HASH', 'SECRET_KEY_BASE',
  ])('%s is sensitive', (name) => expect(isSensitiveName(name)).toBe(true));

  it.each([
    'passwordConnector', 'secretStore', 'PASSWORD_FILE', 'TOKEN_URL', 'DB_SECRET_NAME', 'TOKEN_TTL', 'PASSWORD_MIN_LENGTH', 'SECRETS_DIR', 'TOKEN_ENDPOINT', 'AWS_ACCESS_KEY_ID',
    'bearer_token_file', 'SECRET_REF', 'PASS_THROUGH', 'BYPASS_CACHE', 'PUBLIC_KEY', 'CACHE_KEY', 'PASSWORD_RESET_ENABLED', 'TOKEN_HEADER',
    'DB_USER', 'KEYCLOAK_USERNAME', 'PATH', 'PWD_PATH', 'COMPASS', 'TOKENIZER_MODEL', 'PASSWORD_POLICY', 'SECRET_KEYS',
  ])('%s is not sensitive', (name) => expect(isSensitiveName(name)).toBe(false));
});

describe('isLiteralSecretValue', () => {
  it.each(['hunter2', 'S3cr3t!pa$$', 'changeme', 'a8f5f167f44f4964e6c998dee827110c', 'correct horse battery', '12345678'])('%j is a literal', (v) =>
    expect(isLiteralSecretValue(v)).toBe(true),
  );

  it.each([
    '', '  ', 'no', 'true', 'null', '3600', '30s', '$(DB_PASSWORD)', '${DB_PASSWORD}', '{{ .Values.password }}', '$oidc.clientSecret',
    '/var/run/secrets/token', './secrets/pw', 'file:/etc/pw', 'https://auth.example.com/token', '<your-password>', 'xxxxxx', '******',
    'REPLACE_ME', 'your-api-key', 'api-key-here', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db', 'vault:secret/data/db#password',
    'ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)', '{cipher}AQA5', 'db-credentials', 'my-app-tls', 'DB_PASSWORD', 'The token used to call the API',
    'line one\nline two',
  ])('%j is not a literal credential', (v) => expect(isLiteralSecretValue(v)).toBe(false));
});

describe('detectCredentialFormat', () => {
  it.each([
    ['an AWS access key ID', 'AKIAIOSFODNN7EXAMPLE'],
    ['a private key', '-----BEGIN OPENSSH PRIVATE KEY-----'],
    ['a private key', '-----BEGIN PRIVATE KEY-----'],
    ['a base64-encoded private key', Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMIIE').toString('base64')],
    ['a GitHub token', fake('ghp_', 'A1b2', 36)],
    ['a GitHub token', `github_pat_${fake('', 'a1', 22)}_${fake('', 'B2', 59)}`],
    ['a GitLab token', fake('glpat-', 'x1Y2', 20)],
    ['a Slack token', fake('xoxb-', '0123-', 30)],
    ['a Slack webhook URL', `https://hooks.slack.com/services/T000/B000/${fake('', 'Xy', 24)}`],
    ['a Google API key', fake('AIza', 'Sy0-', 35)],
    ['a Stripe secret key', fake('sk_' + 'live_', 'a1B2', 24)],
    ['an npm token', fake('npm_', 'a1B2', 36)],
    ['a HashiCorp Vault token', fake('hvs.', 'CAES', 30)],
    ['a JSON Web Token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJlLWV4YW1wbGU'],
    ['a URL with an embedded password', 'postgres://app:Sup3rS3cret@db:5432/app'],
    ['a URL with an embedded password', 'redis://:Sup3rS3cret@redis:6379'],
    ['a connection string with a password', 'Server=db;Database=app;User Id=sa;Password=Sup3rS3cret;'],
  ])('finds a %s', (kind, text) => expect(detectCredentialFormat(`value: ${text}`)).toBe(kind));

  it.each([
    'AKIAIOSFODNN7EXAMPL', 'postgres://app:$(DB_PASSWORD)@db:5432/app', 'https://user@example.com/x', 'http://example.com:8080/path',
    'Server=db;Database=app;Integrated Security=true;', 'Server=db;Password=${DB_PASSWORD};', '-----BEGIN CERTIFICATE-----',
    '-----BEGIN PUBLIC KEY-----', 'ssh-rsa AAAAB3NzaC1yc2E user@host', 'sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31',
  ])('finds nothing in %j', (text) => expect(detectCredentialFormat(text)).toBeUndefined());
});

describe('detectCredential', () => {
  it('combines names and formats', () => {
    expect(detectCredential('DB_PASSWORD', 'hunter2!')).toEqual({ reason: 'name', wellKnownDefault: false });
    expect(detectCredential('DB_PASSWORD', 'changeme')).toEqual({ reason: 'name', wellKnownDefault: true });
    expect(detectCredential('CONFIG', 'AKIAIOSFODNN7EXAMPLE')).toEqual({ reason: 'format', kind: 'an AWS access key ID' });
    expect(detectCredential('PASSWORD_FILE', '/run/secrets/db')).toBeUndefined();
    expect(detectCredential('LOG_LEVEL', 'debug')).toBeUndefined();
  });
});

describe('parseAssignment', () => {
  it.each([
    ['password: hunter2', 'password', 'hunter2'],
    ['  db.password = "hunter2"', 'db.password', 'hunter2'],
    ['"password": "hunter2",', 'password', 'hunter2'],
    ['export API_TOKEN=abc123def', 'API_TOKEN', 'abc123def'],
    ['- secret: s3cr3t # prod', 'secret', 's3cr3t'],
    ["admin_password = 'x9y8z7'", 'admin_password', 'x9y8z7'],
    ['requirepass f00b4r3d', 'requirepass', 'f00b4r3d'],
  ])('%j', (line, key, value) => expect(parseAssignment(line)).toEqual({ key, value }));

  it.each(['# comment', 'url: https://example.com', '  - item', 'plain text'])('%j has no assignment', (line) => {
    const parsed = parseAssignment(line);
    expect(parsed === undefined || !isSensitiveName(parsed.key)).toBe(true);
  });
});
