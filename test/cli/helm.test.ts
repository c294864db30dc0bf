import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packChart } from '../helpers/chart-archive.js';
import { REPO_ROOT, rampart } from '../helpers/cli.js';
import { rampartRecordingArgs } from '../helpers/recorded-args.js';
import { tempDir } from '../helpers/temp.js';

// Charts rendered through a stand-in for helm (test/inputs/fake-helm/helm): what Rampart passes to
// helm and how it reports the output. test/oracles/helm.oracle.test.ts renders with the real helm.
const CHART = 'test/inputs/charts/web';
const FAKE_HELM = path.resolve('test/inputs/fake-helm/helm');

/** Resolves once `name` exists in `dir`. */
function fileIn(dir: string, name: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dir, () => {
      if (existsSync(path.join(dir, name))) {
        watcher.close();
        resolve();
      }
    });
    if (existsSync(path.join(dir, name))) {
      watcher.close();
      resolve();
    }
  });
}

function scanWithFakeHelm(args: readonly string[], env: Record<string, string> = {}) {
  const { recorded, ...r } = rampartRecordingArgs(['scan', ...args], 'FAKE_HELM_ARGS', { RAMPART_HELM: FAKE_HELM, ...env });
  return { ...r, helmArgs: recorded };
}

describe('rampart scan on a Helm chart', () => {
  it('renders it with helm and reports findings in the rendered output, naming the template file', () => {
    const r = scanWithFakeHelm([CHART, '--rule', 'privileged-container', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'privileged-container',
        location: { file: `helm template ${CHART}`, line: 20, column: 13 },
        helmTemplate: `${CHART}/templates/deployment.yaml`,
      }),
    ]);
    expect(r.helmArgs).toEqual(['template', '--', 'release-name', CHART]);
  });

  it('suggests the namespace to render into when a chart rendered into default refers to objects it puts in another', () => {
    const messages = (extra: string[]) =>
      (JSON.parse(scanWithFakeHelm([CHART, '--rule', 'missing-service-account', '--format', 'json', ...extra], { FAKE_HELM_MODE: 'fixed-namespace' }).stdout) as { findings: Array<{ message: string }> }).findings.map(
        (f) => f.message,
      );
    expect(messages([])).toEqual([
      'pod runs as ServiceAccount "web", which is not defined in namespace "default" in the input (it exists in namespace "platform"; the chart was rendered into namespace "default": if it is installed into "platform", scan it with --helm-namespace platform)',
    ]);
    expect(messages(['--helm-namespace', 'platform'])).toEqual([]);
    expect(messages(['--helm-namespace', 'shop'])).toEqual(['pod runs as ServiceAccount "web", which is not defined in namespace "shop" in the input (it exists in namespace "platform")']);
  });

  it('places the objects that name no namespace in the namespace the chart is rendered into, where helm installs them', () => {
    const messages = (extra: string[]) =>
      (JSON.parse(scanWithFakeHelm([CHART, '--rule', 'missing-service-account', '--rule', 'default-namespace', '--format', 'json', ...extra], { FAKE_HELM_MODE: 'fixed-namespace-unset' }).stdout) as { findings: Array<{ ruleId: string; message: string }> }).findings.map(
        (f) => `${f.ruleId}: ${f.message}`,
      );
    expect(messages([])).toEqual([
      'default-namespace: Deployment "web" sets no metadata.namespace, so it lands in the namespace of the current kubectl context (usually default)',
      'missing-service-account: pod runs as ServiceAccount "web", which is not defined in namespace "default" in the input (it exists in namespace "platform"; the chart was rendered into namespace "default": if it is installed into "platform", scan it with --helm-namespace platform)',
    ]);
    expect(messages(['--helm-namespace', 'platform'])).toEqual([]);
    expect(messages(['--helm-namespace', 'shop'])).toEqual(['missing-service-account: pod runs as ServiceAccount "web", which is not defined in namespace "shop" in the input (it exists in namespace "platform")']);
    expect(messages(['--helm-namespace', 'default'])).toEqual([
      'default-namespace: Deployment "web" sets no metadata.namespace, so helm installs it into the release namespace, default (--helm-namespace default)',
      'missing-service-account: pod runs as ServiceAccount "web", which is not defined in namespace "default" in the input (it exists in namespace "platform"; the chart was rendered into namespace "default": if it is installed into "platform", scan it with --helm-namespace platform)',
    ]);
  });

  it("passes the values, the release and the target version on to helm (Trivy's flags)", () => {
    const r = scanWithFakeHelm([
      CHART,
      '--helm-values', `${CHART}/values-insecure.yaml`,
      '--helm-set', 'image.tag=2.0,replicaCount=3',
      '--helm-set-string', 'service.port=8080',
      '--helm-set-file', 'config=README.md',
      '--helm-api-versions', 'monitoring.coreos.com/v1',
      '--helm-namespace', 'shop',
      '--helm-release-name', 'prod',
      '--kube-version', '1.31',
      '--rule', 'privileged-container',
    ]);
    expect(r.code).toBe(1);
    expect(r.helmArgs).toEqual([
      'template',
      '--namespace', 'shop',
      '--values', `${CHART}/values-insecure.yaml`,
      '--set', 'image.tag=2.0,replicaCount=3',
      '--set-string', 'service.port=8080',
      '--set-file', 'config=README.md',
      '--api-versions', 'monitoring.coreos.com/v1',
      '--kube-version', '1.31',
      '--', 'prod', CHART,
    ]);
    expect(r.stdout).toContain('Deployment prod-web (template test/inputs/charts/web/templates/deployment.yaml)');
    expect(scanWithFakeHelm([CHART, '--kube-version', '1.31', '--helm-kube-version', '1.29']).helmArgs?.slice(-5, -3)).toEqual(['--kube-version', '1.29']);
  });

  it('finds charts in a directory walk and scans the other manifests beside them, in walk order', () => {
    const dir = tempDir();
    cpSync(CHART, path.join(dir, 'b-chart'), { recursive: true });
    cpSync('examples/shop/storefront.yaml', path.join(dir, 'a.yaml'));
    cpSync('examples/shop/storefront.yaml', path.join(dir, 'c.yaml'));
    const r = scanWithFakeHelm([dir, '--rule', 'privileged-container', '--format', 'json']);
    expect(r.code).toBe(1);
    const files = JSON.parse(r.stdout).findings.map((f: { location: { file: string } }) => path.relative(dir, f.location.file.replace('helm template ', '')));
    expect(files).toEqual(['a.yaml', 'b-chart', 'c.yaml']);
    expect(r.helmArgs).toEqual(['template', '--', 'release-name', path.join(dir, 'b-chart')]);
  });

  it('renders several charts at once, and keeps the order of the walk', () => {
    const dir = tempDir();
    const state = tempDir();
    cpSync(CHART, path.join(dir, 'a-chart'), { recursive: true });
    cpSync(CHART, path.join(dir, 'b-chart'), { recursive: true });
    cpSync('examples/shop/storefront.yaml', path.join(dir, 'c.yaml'));
    // a-chart's rendering ends only after b-chart's has: one at a time, this scan would never end.
    const r = scanWithFakeHelm([dir, '--rule', 'privileged-container', '--format', 'json'], { FAKE_HELM_MODE: 'later-first', FAKE_HELM_STATE: state });
    expect(r.code).toBe(1);
    expect(readFileSync(path.join(state, 'done'), 'utf8')).toBe(path.join(dir, 'b-chart'));
    const files = JSON.parse(r.stdout).findings.map((f: { location: { file: string } }) => path.relative(dir, f.location.file.replace('helm template ', '')));
    expect(files).toEqual(['a-chart', 'b-chart', 'c.yaml']);
  }, 30_000);

  it('stops helm when a signal stops the scan', async () => {
    const state = tempDir();
    const child = spawn(process.execPath, ['bin/rampart.js', 'scan', CHART], { cwd: REPO_ROOT, stdio: 'ignore', env: { ...process.env, RAMPART_HELM: FAKE_HELM, FAKE_HELM_MODE: 'hang', FAKE_HELM_STATE: state } });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    await fileIn(state, 'started');
    child.kill('SIGTERM');
    expect(await ended).toBe('SIGTERM');
    // Without this, helm would go on as an orphan (until the end of its rendering; here forever).
    await fileIn(state, 'terminated');
  }, 30_000);

  it('does not wait for a process helm left behind holding its output open', () => {
    const state = tempDir();
    try {
      const r = scanWithFakeHelm([CHART, '--rule', 'privileged-container', '--format', 'json'], { FAKE_HELM_MODE: 'orphan', FAKE_HELM_STATE: state });
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.findings).toHaveLength(1);
      expect(report.warnings).toEqual([{ code: 'helm-warning', file: CHART, message: 'helm template: a process it started kept its output open after it exited; read what it wrote until then' }]);
    } finally {
      try {
        process.kill(Number(readFileSync(path.join(state, 'orphan'), 'utf8')), 'SIGKILL');
      } catch {
        // Already ended.
      }
    }
  }, 30_000);

  it('takes the helm: settings of .rampart.yaml, paths relative to it, under the command line', () => {
    const dir = tempDir();
    cpSync(CHART, path.join(dir, 'charts/web'), { recursive: true });
    writeFileSync(
      path.join(dir, '.rampart.yaml'),
      'helm:\n  values: [charts/web/values-insecure.yaml]\n  set: [replicaCount=3]\n  setFile: [config=conf/app.txt]\n  kubeVersion: "1.30"\n  namespace: shop\n',
    );
    const r = scanWithFakeHelm([dir, '--helm-values', 'more.yaml', '--helm-set', 'replicaCount=4', '--kube-version', '1.31', '--helm-namespace', 'web', '--rule', 'privileged-container']);
    expect(r.code).toBe(1);
    expect(r.helmArgs).toEqual([
      'template',
      '--namespace', 'web',
      '--values', path.join(dir, 'charts/web/values-insecure.yaml'), '--values', 'more.yaml',
      '--set', 'replicaCount=3', '--set', 'replicaCount=4',
      '--set-file', `config=${path.join(dir, 'conf/app.txt')}`,
      '--kube-version', '1.30',
      '--', 'release-name', path.join(dir, 'charts/web'),
    ]);
    expect(scanWithFakeHelm([dir, '--helm-kube-version', '1.29']).helmArgs).toContain('1.29');
    writeFileSync(path.join(dir, '.rampart.yaml'), 'helm:\n  setFile: [config]\n');
    const bad = rampart(['scan', dir], { env: { RAMPART_HELM: FAKE_HELM } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.rampart\.yaml.*helm\.setFile\.0: expected key=path/);
  });

  it("leaves out the templates an exclusion names (subcharts, test hooks), the others at helm's own lines", () => {
    const found = (args: readonly string[]) => {
      const r = scanWithFakeHelm([...args, '--rule', 'privileged-container', '--format', 'json'], { FAKE_HELM_MODE: 'subchart' });
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout) as { findings: Array<{ location: { line: number }; helmTemplate: string }>; summary: { documents: number } };
      return { templates: report.findings.map((f) => [f.helmTemplate, f.location.line]), documents: report.summary.documents };
    };
    const all = found([CHART]);
    expect(all.templates).toEqual([
      [`${CHART}/charts/cache/templates/pod.yaml`, 12],
      [`${CHART}/templates/pod.yaml`, 24],
      [`${CHART}/templates/tests/test-connection.yaml`, 36],
    ]);
    // From the scanned directory, from the working directory, by name at any depth, by file.
    expect(found([CHART, '--exclude', 'charts/**']).templates).toEqual(all.templates.slice(1));
    expect(found([CHART, '--exclude', `${CHART}/charts/cache`]).templates).toEqual(all.templates.slice(1));
    expect(found([CHART, '--exclude', 'tests']).templates).toEqual(all.templates.slice(0, 2));
    expect(found([CHART, '--exclude', '**/templates/tests/*.yaml'])).toEqual({ templates: all.templates.slice(0, 2), documents: 2 });
    expect(found([CHART, '--exclude', 'templates/pod.yaml']).templates).toEqual([all.templates[0], all.templates[2]]);

    const dir = tempDir();
    cpSync(CHART, path.join(dir, 'deploy/web'), { recursive: true });
    writeFileSync(path.join(dir, '.rampart.yaml'), 'exclude: ["deploy/web/charts/**"]\n');
    expect(found([dir]).templates.map(([template]) => path.relative(dir, String(template)))).toEqual(['deploy/web/templates/pod.yaml', 'deploy/web/templates/tests/test-connection.yaml']);
  });

  it("passes on helm's warnings: in the report, and as lines for the other commands", () => {
    const r = scanWithFakeHelm([CHART, '--rule', 'privileged-container', '--format', 'json'], { FAKE_HELM_MODE: 'warn' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).warnings).toEqual([{ code: 'helm-warning', file: CHART, message: 'helm template: this chart is deprecated' }]);
    const pss = rampart(['pss', 'check', CHART, '--level', 'baseline'], { env: { RAMPART_HELM: FAKE_HELM, FAKE_HELM_MODE: 'warn' } });
    expect(pss.stderr.trim()).toBe(`warning: ${CHART}: helm template: this chart is deprecated`);
    const env = { env: { RAMPART_HELM: FAKE_HELM, FAKE_HELM_MODE: 'warn' } };
    for (const command of [['admission', 'test', CHART], ['netpol', 'diff', CHART, CHART]]) {
      const other = rampart(command, env);
      expect(other.stderr.split('\n').filter((l) => l.startsWith('warning:')), command.join(' ')).toContain(`warning: ${CHART}: helm template: this chart is deprecated`);
    }
  });

  it('reports a chart helm cannot render as one input error and scans the rest', () => {
    const r = scanWithFakeHelm([CHART, 'examples/shop/storefront.yaml', '--rule', 'privileged-container', '--format', 'json'], { FAKE_HELM_MODE: 'fail' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `error: ${CHART}: helm template failed: template: web/templates/deployment.yaml:12:20: executing "web/templates/deployment.yaml" at <.Values.image.tag>: nil pointer evaluating interface {}.tag`,
    );
    expect(JSON.parse(r.stdout).findings.map((f: { location: { file: string } }) => f.location.file)).toEqual(['examples/shop/storefront.yaml']);
  });

  it('says how to give a chart the values a template demands with `required` or `fail`', () => {
    const r = scanWithFakeHelm([CHART, '--format', 'json'], { FAKE_HELM_MODE: 'required' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: ${CHART}: helm template failed: execution error at (web/templates/deployment.yaml:12:20): image.tag is required (a template stopped the rendering with \`fail\` or \`required\`, as charts do when the values lack what they need: give them with --helm-values or --helm-set, or under helm: in .rampart.yaml, or leave the chart out with --exclude)\n`,
    );
  });

  it('warns of a chart named on the command line that renders nothing, not of one met in a walk', () => {
    const dir = tempDir();
    cpSync(CHART, path.join(dir, 'web'), { recursive: true });
    const chart = path.join(dir, 'web');
    for (const named of [chart, path.join(chart, 'Chart.yaml')]) {
      const r = scanWithFakeHelm([named, '--format', 'json'], { FAKE_HELM_MODE: 'empty' });
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).warnings).toEqual([{ code: 'input-empty', file: chart, message: 'rendered no manifest: helm template printed no object with the values given' }]);
    }
    expect(JSON.parse(scanWithFakeHelm([dir, '--format', 'json'], { FAKE_HELM_MODE: 'empty' }).stdout).warnings).toEqual([]);
  });

  it("reports helm's crash by its panic, not by the last line of the stack trace", () => {
    const r = scanWithFakeHelm([CHART, '--format', 'json'], { FAKE_HELM_MODE: 'panic' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${CHART}: helm template failed: panic: runtime error: index out of range [1] with length 1 (the program crashed)\n`);
  });

  it('skips a library chart without running helm, which would refuse it, under --no-helm too', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'common/templates'), { recursive: true });
    writeFileSync(path.join(dir, 'common/Chart.yaml'), 'apiVersion: v2\nname: common\ntype: library\nversion: 1.0.0\n');
    writeFileSync(path.join(dir, 'common/templates/_helpers.tpl'), '{{- define "common.name" -}}common{{- end -}}\n');
    for (const extra of [[], ['--no-helm']]) {
      const r = scanWithFakeHelm([dir, '--format', 'json', ...extra]);
      expect(r.code).toBe(0);
      expect(r.helmArgs).toBeUndefined();
      expect(JSON.parse(r.stdout).skipped).toEqual([expect.objectContaining({ file: path.join(dir, 'common'), reason: expect.stringContaining('a Helm library chart (type: library)') })]);
    }
  });

  it('skips a packaged library chart named on the command line, as its directory, where helm would refuse it', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'common/templates'), { recursive: true });
    writeFileSync(path.join(dir, 'common/Chart.yaml'), 'apiVersion: v2\nname: common\ntype: library\nversion: 1.0.0\n');
    writeFileSync(path.join(dir, 'common/templates/_helpers.tpl'), '{{- define "common.name" -}}common{{- end -}}\n');
    const archive = path.join(dir, 'common-1.0.0.tgz');
    writeFileSync(archive, packChart(path.join(dir, 'common'), 'common'));
    for (const extra of [[], ['--no-helm']]) {
      const r = scanWithFakeHelm([archive, '--format', 'json', ...extra]);
      expect(r.code).toBe(0);
      expect(r.helmArgs).toBeUndefined();
      expect(JSON.parse(r.stdout).skipped).toEqual([expect.objectContaining({ file: archive, reason: expect.stringContaining('a Helm library chart (type: library)') })]);
    }
  });

  it('says when helm is missing, and leaves charts unrendered under --no-helm', () => {
    const missing = rampart(['scan', CHART, '--format', 'json'], { env: { RAMPART_HELM: '/nonexistent/helm' } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the helm program to render it was not found ("/nonexistent/helm"): install helm or name it with --helm-binary');
    const off = scanWithFakeHelm([CHART, '--no-helm', '--format', 'json']);
    expect(off.code).toBe(2);
    expect(off.helmArgs).toBeUndefined();
    expect(off.stderr).toContain('is a Helm chart, whose templates are manifests only once rendered: scan the output of');
    expect(scanWithFakeHelm([CHART, '--helm-binary', FAKE_HELM], { RAMPART_HELM: '/nonexistent/helm' }).code).toBe(1);
  });

  it('attaches CI reports to the template file, with the rendered position in the message', () => {
    const sarif = JSON.parse(scanWithFakeHelm([CHART, '--rule', 'privileged-container', '--format', 'sarif']).stdout);
    const result = sarif.runs[0].results[0];
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: `${CHART}/templates/deployment.yaml`, uriBaseId: '%SRCROOT%' } });
    expect(result.message.text).toMatch(/ \(at helm template test\/inputs\/charts\/web:20:13\)$/);
    const github = scanWithFakeHelm([CHART, '--rule', 'privileged-container', '--format', 'github']).stdout;
    expect(github).toMatch(/^::error file=test\/inputs\/charts\/web\/templates\/deployment.yaml,title=/);
    expect(github).toContain('(at helm template test/inputs/charts/web:20:13)');
    const gitlab = JSON.parse(scanWithFakeHelm([CHART, '--rule', 'privileged-container', '--format', 'gitlab']).stdout);
    expect(gitlab[0].location).toEqual({ path: `${CHART}/templates/deployment.yaml`, lines: { begin: 1 } });
  });

  it('renders a packaged chart named on the command line, and attaches CI reports to the archive', () => {
    const archive = path.join(tempDir(), 'web-app-0.3.0.tgz');
    writeFileSync(archive, gzipSync('not read by the stand-in'));
    const r = scanWithFakeHelm([archive, '--rule', 'privileged-container', '--format', 'sarif']);
    expect(r.code).toBe(1);
    expect(r.helmArgs?.at(-1)).toBe(archive);
    const result = JSON.parse(r.stdout).runs[0].results[0];
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/web-app-0\.3\.0\.tgz$/);
    // No file of the archive exists on disk: the template keeps helm's name for it.
    expect(result.properties.helmTemplate).toBe('web-app/templates/deployment.yaml');
    expect(scanWithFakeHelm([archive, '--no-helm', '--format', 'json']).stderr).toContain('not a text file');
  });

  it('renders charts for the other commands that read manifests', () => {
    const env = { RAMPART_HELM: FAKE_HELM };
    const pss = rampart(['pss', 'check', CHART, '--level', 'baseline'], { env });
    expect(pss.code).toBe(1);
    expect(pss.stdout).toContain(`DENIED  Deployment release-name-web  helm template ${CHART}`);
    expect(rampart(['netpol', 'map', CHART], { env }).stdout).toContain('default/release-name-web');
    expect(rampart(['pss', 'check', CHART, '--level', 'baseline', '--no-helm'], { env }).code).toBe(2);
    expect(rampart(['admission', 'test', CHART], { env }).stdout).toContain(`Deployment default/release-name-web  (helm template ${CHART}:3)`);
    const risks = rampart(['rbac', 'risks', CHART, '--format', 'json'], { env });
    expect(JSON.parse(risks.stdout).summary).toMatchObject({ files: 1, objects: 1, errors: 0 });
  });
});
