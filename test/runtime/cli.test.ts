import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rampart } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const FALCO = 'test/conformance/falco';
const RULES = `${FALCO}/k8s_audit_rules.yaml`;
const TRACES = `${FALCO}/k8saudit-tests/test/trace_files/k8s_audit`;
const GOLDEN = path.join(import.meta.dirname, 'golden');
/** Audit events whose stageTimestamp Go's time.Parse(time.RFC3339Nano) reads or refuses. */
const STAGE_TIMESTAMPS = 'test/runtime/fixtures/stage-timestamps.jsonl';
const env = { TZ: 'UTC' };

describe('rampart runtime test', () => {
  it('prints one Falco JSON alert per line (golden)', () => {
    const events = ['create_nginx_pod_privileged.json', 'create_configmap.json', 'attach_cluster_admin_role.json'].map((f) => readFileSync(path.join(TRACES, f), 'utf8').trim()).join('\n');
    const r = rampart(['runtime', 'test', '--rules', RULES, '--events', '-', '--hostname', 'rampart-test'], { input: events, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(GOLDEN, 'k8s-alerts.jsonl'), 'utf8'));
  });

  it('prints Falco text lines, all matching rules, and fails on a priority', () => {
    const r = rampart(['runtime', 'test', '--rules', `${FALCO}/k8saudit-tests/falco_rules_v1.0.1_legacy.yaml`, RULES, '--events', `${TRACES}/create_nginx_pod_privileged.json`, '--output', 'text', '--time-format', 'iso8601', '--rule-matching', 'all', '--fail-on', 'warning'], { env });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      '2018-10-25T14:09:12.581541000+0000: Warning Pod started with privileged container (user=system:serviceaccount:kube-system:replicaset-controller pod=nginx-deployment-5cdcc99dbf-rgw6z resource=pods ns=default images=(nginx) init_images=<NA> ephemeral_images=<NA>)',
    ]);
  });

  it('reports an event that is not an audit event with file:line, goes on, and exits 2', () => {
    const r = rampart(['runtime', 'test', '--rules', RULES, '--events', '-'], { input: `{"kind": 0}\n${readFileSync(path.join(TRACES, 'create_deployment.json'), 'utf8')}`, env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('<stdin>:1: data not recognized as a k8s audit event');
    expect(r.stdout).toMatch(/"rule":"K8s Deployment Created"/);
  });

  it("reads the event time as the k8saudit plugin does, and skips an event whose stageTimestamp it cannot read", () => {
    // Each event was requested at 09:59:59; its stageTimestamp alone gives its time, as in Falco.
    const r = rampart(['runtime', 'test', '--rules', RULES, '--events', STAGE_TIMESTAMPS, '--output', 'text', '--time-format', 'iso8601'], { env });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      // Ten fractional digits: Go reads the first nine.
      '2024-05-01T10:00:00.123456789+0000: Informational K8s Deployment Created (user=minikube-user deployment=ten-digit-fraction ns=default resource=deployments resp=201 decision=allow reason=)',
      // A one-digit hour and a comma before the fraction, which Go also reads.
      '2024-05-01T06:00:00.250000000+0000: Informational K8s Deployment Created (user=minikube-user deployment=comma-one-digit-hour ns=default resource=deployments resp=201 decision=allow reason=)',
    ]);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${STAGE_TIMESTAMPS}:2: can't parse stageTimestamp as an RFC 3339 time`,
      `${STAGE_TIMESTAMPS}:3: can't read stageTimestamp`,
      `${STAGE_TIMESTAMPS}:4: can't parse stageTimestamp as an RFC 3339 time`,
      `${STAGE_TIMESTAMPS}:6: can't parse stageTimestamp as an RFC 3339 time`,
    ]);
    expect(r.code).toBe(2);
  });

  it('reads a key given twice as the k8saudit plugin does (its first value), and skips JSON nested deeper than it reads', () => {
    const event = readFileSync(path.join(TRACES, 'create_deployment.json'), 'utf8').trim();
    // Falco sees verb "create" (the first), where JSON.parse would keep "get".
    const twice = `{"verb":"create",${event.slice(1, -1).replace('"verb":"create"', '"verb":"get"')}}`;
    const deep = `{"kind":"Event","stageTimestamp":"2024-05-01T10:00:00Z","a":${'['.repeat(300)}${']'.repeat(300)}}`;
    const r = rampart(['runtime', 'test', '--rules', RULES, '--events', '-', '--output', 'text'], { input: `${twice}\n${deep}\n`, env });
    expect(r.stdout).toMatch(/^\d\d:\d\d:\d\d\.\d{9}: Informational K8s Deployment Created \(user=minikube-user deployment=nginx-deployment /);
    expect(r.stderr.trim()).toBe('<stdin>:2: JSON nested more than 300 levels deep');
    expect(r.code).toBe(2);
  });

  it('skips an event larger than --max-event-size (the k8saudit plugin\'s maxEventSize), measured as its JSON without whitespace', () => {
    const deployment = readFileSync(path.join(TRACES, 'create_deployment.json'), 'utf8').trim();
    const big = JSON.stringify({ kind: 'Event', stageTimestamp: '2024-05-01T10:00:00Z', pad: 'x'.repeat(300_000) });
    const spread = JSON.stringify(JSON.parse(deployment), null, 1).replaceAll('\n', ' ');
    const r = rampart(['runtime', 'test', '--rules', RULES, '--events', '-', '--output', 'text'], { input: `${big}\n${spread}\n`, env });
    expect(r.stderr.trim()).toBe(`<stdin>:1: event of ${big.length} bytes is larger than the maximum event size (262144)`);
    expect(r.stdout).toMatch(/K8s Deployment Created/);
    expect(r.code).toBe(2);
    // The same event spread out over more bytes is measured without its whitespace.
    const limit = String(deployment.length);
    expect(rampart(['runtime', 'test', '--rules', RULES, '--events', '-', '--max-event-size', limit], { input: spread, env }).code).toBe(0);
    const under = rampart(['runtime', 'test', '--rules', RULES, '--events', '-', '--max-event-size', String(deployment.length - 1)], { input: spread, env });
    expect(under.stderr.trim()).toBe(`<stdin>:1: event of ${deployment.length} bytes is larger than the maximum event size (${deployment.length - 1})`);
    expect(under.stdout).toBe('');
    for (const bad of ['0', '-1', '1.5', 'x']) {
      const refused = rampart(['runtime', 'test', '--rules', RULES, '--events', '-', '--max-event-size', bad], { input: deployment, env });
      expect(refused.code, bad).toBe(2);
      expect(refused.stderr).toContain(`rampart runtime test: --max-event-size expects a positive number of bytes, got "${bad}"`);
    }
  });

  it('reports rules load errors on stderr with code and file:line', () => {
    const dir = tempDir('rampart-runtime-cli-');
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, '- rule: broken\n  desc: d\n  condition: ka.verb=create and\n  output: x\n  priority: INFO\n  source: k8s_audit\n');
    const r = rampart(['runtime', 'test', '--rules', bad, '--events', `${TRACES}/create_deployment.json`], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:3:32: error LOAD_ERR_COMPILE_CONDITION: expected blank or '(' after 'and' (rule 'broken')`);
    const missing = rampart(['runtime', 'test', '--rules', path.join(dir, 'nope.yaml'), '--events', '-'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('LOAD_ERR_FILE_READ: cannot read rules file: no such file');
  });

  it("reproduces Falco's own golden JSON output on JSON field events (--source syscall)", () => {
    const dir = `${FALCO}/syscall-tests/test`;
    const r = rampart(['runtime', 'test', '--source', 'syscall', '--rules', `${dir}/rules/single_rule_with_tags.yaml`, '--events', `${dir}/trace_files_jsonl/cat_write.jsonl`, '--hostname', 'test-falco-hostname', '--time-format', 'iso8601'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(`${dir}/output_files/single_rule_with_cat_write.json`, 'utf8'));
  });

  it('writes the alerts as Rampart findings through the report formats', () => {
    const r = rampart(['runtime', 'test', '--events', `${TRACES}/create_nginx_pod_privileged.json`, '--output', 'sarif'], { env });
    expect(r.code).toBe(0);
    const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const [result] = sarif.runs[0]?.results ?? [];
    expect(result?.ruleId).toBe('falco-create-privileged-pod');
    expect(result?.locations[0]?.physicalLocation.region.startLine).toBe(1);
  });

  it("uses Falco's k8s_audit_rules.yaml shipped with Rampart when no --rules is given", () => {
    const r = rampart(['runtime', 'test', '--events', `${TRACES}/create_deployment.json`], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/"rule":"K8s Deployment Created"/);
    expect(readFileSync('data/runtime/k8s_audit_rules.yaml', 'utf8')).toBe(readFileSync(RULES, 'utf8'));
  });

  it("runs only rules at least as severe as --priority (Falco's -o priority=), and refuses an unknown one", () => {
    const args = ['runtime', 'test', '--rules', RULES, '--events', `${TRACES}/create_nginx_pod_privileged.json`, '--rule-matching', 'all'];
    const rules = (out: string) => [...out.matchAll(/"rule":"([^"]+)"/g)].map((m) => m[1]);
    expect(rules(rampart([...args, '--priority', 'warning'], { env }).stdout)).toEqual(['Create Privileged Pod']);
    const r = rampart([...args, '--priority', 'ERROR'], { env });
    expect(r.code).toBe(0);
    expect(rules(r.stdout)).toEqual([]);
    const bad = rampart([...args, '--priority', 'loud'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('rampart runtime test: --priority expects a priority (Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug), got "loud"');
  });

  it('refuses -D/-T together with -t, as Falco does', () => {
    const r = rampart(['runtime', 'test', '--rules', RULES, '--events', '-', '-T', 'a', '-t', 'a'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/You can not specify both disabled .-D\/-T. and enabled .-t. rules/);
  });
});

describe('rampart runtime validate', () => {
  it('validates files like falco -V: per-file results, codes, exit 1 when invalid', () => {
    const base = `${FALCO}/syscall-tests/test/rules/invalid_base_rule.yaml`;
    const append = `${FALCO}/syscall-tests/test/rules/invalid_append_rule.yaml`;
    const r = rampart(['runtime', 'validate', base, append, '--format', 'json'], { env });
    expect(r.code).toBe(1);
    const results = (JSON.parse(r.stdout) as { falco_load_results: { name: string; successful: boolean; errors: { code: string; message: string; item_type: string; item_name: string }[] }[] }).falco_load_results;
    expect(results.map((x) => [x.name, x.successful])).toEqual([
      [base, true],
      [append, false],
    ]);
    expect(results[1]?.errors[0]).toMatchObject({ code: 'LOAD_ERR_COMPILE_CONDITION', item_type: 'rule', item_name: 'some rule', message: "unexpected token after 'open', expecting 'or', 'and'" });
    const ok = rampart(['runtime', 'validate', RULES], { env });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/k8s_audit_rules.yaml: Ok/);
  });
});

describe('rampart runtime (run mode)', () => {
  it('evaluates events from stdin and routes alerts to stdout and a file', () => {
    const dir = tempDir('rampart-runtime-run-');
    const file = path.join(dir, 'alerts.jsonl');
    const r = rampart(['runtime', '--rules', RULES, '--audit-log', '-', '--stdout', 'text', '--alerts-file', file, '--log-level', 'silent'], { input: readFileSync(path.join(TRACES, 'create_deployment.json'), 'utf8'), env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d\d:\d\d:\d\d\.\d{9}: Informational K8s Deployment Created/);
    expect(readFileSync(file, 'utf8')).toMatch(/^\{"hostname":.*"rule":"K8s Deployment Created"/);
  });

  it('logs JSON lines on stderr as component rampart-runtime, not rampart-admission', () => {
    const events = `${readFileSync(path.join(TRACES, 'create_deployment.json'), 'utf8').trim()}\n{"kind":"Status"}\n`;
    const r = rampart(['runtime', '--rules', RULES, '--audit-log', '-', '--stdout', 'none', '--log-level', 'info'], { input: events, env });
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(['rules loaded', 'data not recognized as a k8s audit event']);
    expect(lines.map((l) => l.component)).toEqual(['rampart-runtime', 'rampart-runtime']);
  });

  it('logs and drops the events whose stageTimestamp the k8saudit plugin cannot read, and goes on', () => {
    const r = rampart(['runtime', '--rules', RULES, '--audit-log', '-', '--stdout', 'text', '--log-level', 'warn'], { input: readFileSync(STAGE_TIMESTAMPS, 'utf8'), env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^10:00:00\.123456789: Informational K8s Deployment Created .*deployment=ten-digit-fraction .*\n06:00:00\.250000000: Informational K8s Deployment Created .*deployment=comma-one-digit-hour .*\n$/);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.where, l.msg])).toEqual([
      ['<stdin>:2', "can't parse stageTimestamp as an RFC 3339 time"],
      ['<stdin>:3', "can't read stageTimestamp"],
      ['<stdin>:4', "can't parse stageTimestamp as an RFC 3339 time"],
      ['<stdin>:6', "can't parse stageTimestamp as an RFC 3339 time"],
    ]);
  });

  it('logs and drops an event larger than --max-event-size, and goes on', () => {
    const deployment = readFileSync(path.join(TRACES, 'create_deployment.json'), 'utf8').trim();
    const big = JSON.stringify({ kind: 'Event', stageTimestamp: '2024-05-01T10:00:00Z', pad: 'x'.repeat(2000) });
    const r = rampart(['runtime', '--rules', RULES, '--audit-log', '-', '--stdout', 'text', '--log-level', 'warn', '--max-event-size', '2000'], { input: `${big}\n${deployment}\n`, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/K8s Deployment Created/);
    const lines = r.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.level, l.where, l.msg])).toEqual([['warn', '<stdin>:1', `event of ${big.length} bytes is larger than the maximum event size (2000)`]]);
  });

  it('needs an input, and TLS for the webhook', () => {
    expect(rampart(['runtime', '--rules', RULES]).stderr).toMatch(/give an input/);
    const r = rampart(['runtime', '--rules', RULES, '--audit-webhook', '9765']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--audit-webhook needs --tls-cert and --tls-key/);
  });
});
