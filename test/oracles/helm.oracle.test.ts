import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rampart, rampartAsync } from '../helpers/cli.js';
import { tempDir, writeBelow } from '../helpers/temp.js';
import { findHelm } from './renderers.js';

/*
 * Charts rendered by the real helm (see renderers.ts, .ci/run builds it
 * from the Go module proxy): every finding's line and column must be those of the offending field
 * in helm's own output for the same flags, and each template must be named by its file, subcharts
 * included. test/cli/helm.test.ts covers the flags and failures with a stand-in for helm.
 */

const CHART = 'test/inputs/charts/web';

/** The 1-based line and column where `text` first occurs in helm's output after the line holding `after`. */
function positionIn(output: string, after: string, text: string): { line: number; column: number } {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => l.includes(after));
  const index = lines.findIndex((l, i) => i > start && l.includes(text));
  return { line: index + 1, column: (lines[index] ?? '').indexOf(text) + 1 };
}

describe('charts rendered by helm', () => {
  const helm = findHelm();

  it.skipIf(!helm)('locates findings in helm template output and names the template files', () => {
    const flags = ['--values', `${CHART}/values-insecure.yaml`, '--namespace', 'shop'];
    const rendered = spawnSync(helm as string, ['template', 'release-name', CHART, ...flags], { encoding: 'utf8' });
    expect(rendered.status).toBe(0);
    const r = rampart(['scan', CHART, '--helm-values', `${CHART}/values-insecure.yaml`, '--helm-namespace', 'shop', '--rule', 'privileged-container,host-network', '--format', 'json'], {
      env: { RAMPART_HELM: helm as string },
    });
    expect(r.stderr).toBe('');
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; location: { file: string; line: number; column: number }; helmTemplate: string }[];
    expect(findings.map((f) => [f.ruleId, f.location, f.helmTemplate])).toEqual([
      ['privileged-container', { file: `helm template ${CHART}`, ...positionIn(rendered.stdout, 'kind: Deployment', 'privileged:') }, path.join(CHART, 'templates/deployment.yaml')],
      ['host-network', { file: `helm template ${CHART}`, ...positionIn(rendered.stdout, 'kind: StatefulSet', 'hostNetwork') }, path.join(CHART, 'charts/cache/templates/statefulset.yaml')],
    ]);
    // A subchart left out by an exclusion, as kube-linter's ignorePaths leaves it out: the rest at helm's lines.
    const withoutSubchart = rampart(['scan', CHART, '--helm-values', `${CHART}/values-insecure.yaml`, '--helm-namespace', 'shop', '--rule', 'privileged-container,host-network', '--format', 'json', '--exclude', 'charts/**'], {
      env: { RAMPART_HELM: helm as string },
    });
    expect((JSON.parse(withoutSubchart.stdout).findings as typeof findings).map((f) => [f.ruleId, f.location])).toEqual([[findings[0]!.ruleId, findings[0]!.location]]);
    // Helm's test hooks are rendered too (helm template includes them), as Checkov and kube-score scan them (Trivy leaves hooks out).
    expect(rampart(['scan', CHART, '--rule', 'image-tag-latest,privileged-container', '--format', 'json'], { env: { RAMPART_HELM: helm as string } }).code).toBe(0);
  });

  it.skipIf(!helm)("scans what helm template prints: the hooks, but not the CRDs of crds/ nor NOTES.txt", () => {
    const chart = path.join(tempDir(), 'hooked');
    mkdirSync(path.join(chart, 'templates'), { recursive: true });
    mkdirSync(path.join(chart, 'crds'), { recursive: true });
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: hooked\nversion: 1.0.0\n');
    writeFileSync(path.join(chart, 'crds/widgets.yaml'), 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n');
    writeFileSync(path.join(chart, 'templates/NOTES.txt'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n');
    writeFileSync(
      path.join(chart, 'templates/migrate.yaml'),
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\n  annotations:\n    helm.sh/hook: pre-install\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: m\n          image: registry.example.com/m:1.0\n',
    );
    const rendered = spawnSync(helm as string, ['template', chart], { encoding: 'utf8' });
    expect(rendered.stdout).not.toContain('CustomResourceDefinition');
    const r = rampart(['scan', chart, '--format', 'json'], { env: { RAMPART_HELM: helm as string } });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { summary: { objects: number }; findings: { object: { kind: string }; helmTemplate: string }[] };
    expect(report.summary.objects).toBe(1);
    expect(new Set(report.findings.map((f) => `${f.object.kind} ${f.helmTemplate}`))).toEqual(new Set([`Job ${path.join(chart, 'templates/migrate.yaml')}`]));
  });

  it.skipIf(!helm)('says how to give the values a `required` template demands, and scans the other inputs', () => {
    const root = tempDir();
    writeBelow(root, 'strict/Chart.yaml', 'apiVersion: v2\nname: strict\nversion: 1.0.0\n');
    writeBelow(root, 'strict/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ required "name is required" .Values.name }}\n');
    cpSync('examples/shop/storefront.yaml', path.join(root, 'storefront.yaml'));
    const r = rampart(['scan', root, '--format', 'json'], { env: { RAMPART_HELM: helm as string } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: ${path.join(root, 'strict')}: helm template failed: execution error at (strict/templates/cm.yaml:4:11): name is required (a template stopped the rendering with \`fail\` or \`required\`, as charts do when the values lack what they need: give them with --helm-values or --helm-set, or under helm: in .rampart.yaml, or leave the chart out with --exclude)\n`,
    );
    expect(JSON.parse(r.stdout).summary.files).toBe(1);
    expect(rampart(['scan', root, '--helm-set', 'name=app', '--format', 'json'], { env: { RAMPART_HELM: helm as string } }).stderr).toBe('');
  });

  it.skipIf(!helm)("names a subchart's templates by the folder of charts/ that holds it, whatever helm calls it, and excludes them by that folder", () => {
    // test/inputs/charts/subcharts/README.md: charts/jobs is the chart `worker` under the alias
    // `batch`, and holds charts/helper-dir, the chart `helper`; api comes from the repository.
    const chart = 'test/inputs/charts/subcharts/platform';
    const scan = (...flags: string[]) => rampart(['scan', chart, '--rule', 'host-ipc,host-pid,privileged-container', ...flags], { env: { RAMPART_HELM: helm as string } });
    const templates = (...flags: string[]) => {
      const r = scan('--format', 'json', ...flags);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout).findings as { ruleId: string; helmTemplate: string }[]).map((f) => [f.ruleId, f.helmTemplate]);
    };
    const helper = ['privileged-container', path.join(chart, 'charts/jobs/charts/helper-dir/templates/pod.yaml')];
    const worker = ['host-pid', path.join(chart, 'charts/jobs/templates/pod.yaml')];
    const own = ['host-ipc', path.join(chart, 'templates/pod.yaml')];
    expect(templates()).toEqual([helper, worker, own]);
    expect(scan('--format', 'github').stdout).toContain(`::error file=${helper[1]},`);
    expect(templates('--exclude', `${chart}/charts/jobs/**`)).toEqual([own]);
    expect(templates('--exclude', 'charts/jobs')).toEqual([own]);
    expect(templates('--exclude', 'helper-dir')).toEqual([worker, own]);
  });

  it.skipIf(!helm)('renders a packaged chart as helm packages it, naming its templates after the archive', () => {
    const dir = tempDir();
    expect(spawnSync(helm as string, ['package', CHART, '--destination', dir], { encoding: 'utf8' }).status).toBe(0);
    const archive = path.join(dir, 'web-app-0.3.0.tgz');
    const scan = (...flags: string[]) => rampart(['scan', archive, '--rule', 'host-network', ...flags], { env: { RAMPART_HELM: helm as string } });
    const findings = JSON.parse(scan('--format', 'json').stdout).findings as { location: { file: string }; helmTemplate: string }[];
    expect(findings.map((f) => [f.location.file, f.helmTemplate])).toEqual([[`helm template ${archive}`, path.join(archive, 'charts/cache/templates/statefulset.yaml')]]);
    expect(scan('--format', 'github').stdout.startsWith(`::error file=${archive},title=`)).toBe(true);
    expect(JSON.parse(scan('--format', 'json', '--exclude', '**/charts/cache/**').stdout).findings).toEqual([]);
  });

  it.skipIf(!helm)("names the templates of a packaged subchart by the archive and their path in it, attaches their findings to the archive, and excludes them by it", () => {
    // test/inputs/charts/subcharts/README.md, with api packaged into platform/charts as `helm dependency build` does.
    const root = tempDir();
    cpSync('test/inputs/charts/subcharts', root, { recursive: true });
    const chart = path.join(root, 'platform');
    expect(spawnSync(helm as string, ['package', path.join(root, 'api'), '--destination', path.join(chart, 'charts')], { encoding: 'utf8' }).status).toBe(0);
    const archive = path.join(chart, 'charts/api-1.2.0.tgz');
    const sources = spawnSync(helm as string, ['template', 'release-name', chart], { encoding: 'utf8' }).stdout.match(/^# Source: .*$/gm);
    expect(sources).toEqual([
      '# Source: platform/charts/admin/templates/pod.yaml',
      '# Source: platform/charts/api/templates/pod.yaml',
      '# Source: platform/charts/batch/charts/helper/templates/pod.yaml',
      '# Source: platform/charts/batch/templates/pod.yaml',
      '# Source: platform/templates/pod.yaml',
    ]);
    const scan = (...flags: string[]) => rampart(['scan', chart, '--rule', 'host-network,host-pid,host-ipc,privileged-container', ...flags], { env: { RAMPART_HELM: helm as string } });
    const templates = (...flags: string[]) => {
      const r = scan('--format', 'json', ...flags);
      expect(r.stderr).toBe('');
      return (JSON.parse(r.stdout).findings as { object: { name: string }; helmTemplate: string }[]).map((f) => [f.object.name, f.helmTemplate]);
    };
    const inArchive = path.join(archive, 'templates/pod.yaml');
    const folders = [
      ['helper', path.join(chart, 'charts/jobs/charts/helper-dir/templates/pod.yaml')],
      ['batch', path.join(chart, 'charts/jobs/templates/pod.yaml')],
      ['platform', path.join(chart, 'templates/pod.yaml')],
    ];
    expect(templates()).toEqual([['admin', inArchive], ['api', inArchive], ...folders]);
    // CI services get the archive, a file of the repository, without a line.
    const github = scan('--format', 'github').stdout.split('\n').filter((line) => line.startsWith('::error'));
    expect(github.map((line) => /^::error file=([^,]*),/.exec(line)?.[1])).toEqual([archive, archive, ...folders.map(([, file]) => file)]);
    const sarif = JSON.parse(scan('--format', 'sarif').stdout).runs[0].results as { locations: { physicalLocation: { artifactLocation: { uri: string }; region?: unknown } }[] }[];
    expect(sarif[0]!.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: pathToFileURL(archive).href } });
    const gitlab = JSON.parse(scan('--format', 'gitlab').stdout) as { location: { path: string } }[];
    expect(gitlab[0]!.location.path).toBe(archive);
    // Excluded by the archive's path or name, or by the path of the template in it.
    expect(templates('--exclude', path.relative('.', archive))).toEqual(folders);
    expect(templates('--exclude', 'api-*.tgz')).toEqual(folders);
    expect(templates('--exclude', `${path.relative('.', chart)}/charts/**`)).toEqual(folders.slice(2));
    expect(templates('--exclude', '**/api-1.2.0.tgz/templates/*.yaml')).toEqual(folders);
  });

  it.skipIf(!helm)('skips a library chart, which helm refuses to render, and renders the chart that uses it', () => {
    const repo = tempDir();
    const library = ['apiVersion: v2', 'name: common', 'type: library', 'version: 1.0.0', ''].join('\n');
    const helpers = '{{- define "common.pod" -}}\nhostPID: true\ncontainers:\n  - name: app\n    image: registry.example.com/app:1.0\n{{- end -}}\n';
    const app = ['apiVersion: v2', 'name: app', 'version: 1.0.0', 'dependencies:', '  - name: common', '    version: 1.0.0', '    repository: file://../common', ''].join('\n');
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n{{ include "common.pod" . | indent 2 }}\n';
    const files: [string, string][] = [
      ['common/Chart.yaml', library],
      ['common/templates/_helpers.tpl', helpers],
      ['app/Chart.yaml', app],
      ['app/templates/pod.yaml', pod],
      // What `helm dependency build` puts there.
      ['app/charts/common/Chart.yaml', library],
      ['app/charts/common/templates/_helpers.tpl', helpers],
    ];
    for (const [file, text] of files) {
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      writeFileSync(path.join(repo, file), text);
    }
    expect(spawnSync(helm as string, ['template', 'release-name', path.join(repo, 'common')], { encoding: 'utf8' }).stderr).toContain('library charts are not installable');
    const r = rampart(['scan', repo, '--rule', 'host-pid', '--format', 'json'], { env: { RAMPART_HELM: helm as string } });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.skipped).toEqual([expect.objectContaining({ file: path.join(repo, 'common'), reason: expect.stringContaining('a Helm library chart (type: library)') })]);
    expect(report.findings.map((f: { location: { file: string }; helmTemplate: string }) => [f.location.file, f.helmTemplate])).toEqual([
      [`helm template ${path.join(repo, 'app')}`, path.join(repo, 'app/templates/pod.yaml')],
    ]);
  });

  it.skipIf(!helm)('renders a chart whose dependencies are not in charts/: those of the repository from there, the others reported when helm would render them', () => {
    const chart = 'test/inputs/charts/dependencies/shop';
    expect(spawnSync(helm as string, ['template', 'release-name', chart], { encoding: 'utf8' }).stderr).toContain('missing in charts/ directory: storefront, cache, metrics, queue, search');
    const tmp = tempDir();
    const scan = (...flags: string[]) => rampart(['scan', chart, '--rule', 'host-pid,host-network', '--format', 'json', ...flags], { env: { RAMPART_HELM: helm as string, TMPDIR: tmp } });
    const missing = (...dependencies: string[]) =>
      `error: ${chart}: rendered without dependencies that are not in its charts/ directory: ${dependencies.join(', ')} (run \`helm dependency build ${chart}\` to scan them too)\n`;
    const cache = 'cache 17.3.2 from oci://registry.example.com/charts';
    const search = 'search ^4.2 from https://charts.example.com/stable';

    const r = scan();
    expect(r.stderr).toBe(missing(cache, search));
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    // The chart's Deployment, the ConfigMap of the dependency in charts/, the Pod of the one linked in: no marker object.
    expect([report.summary.objects, report.skipped]).toEqual([3, []]);
    expect(report.findings.map((f: { ruleId: string; helmTemplate: string }) => [f.ruleId, f.helmTemplate])).toEqual([
      ['host-network', 'test/inputs/charts/dependencies/storefront/templates/pod.yaml'],
      ['host-pid', path.join(chart, 'templates/deployment.yaml')],
    ]);

    // Enabled by their condition and tag, the range with a comma and the version with a "v" are
    // reported too: helm matched their stand-ins.
    const enabled = scan('--helm-set', 'metrics.enabled=true', '--helm-set', 'tags.messaging=true', '--helm-set', 'cache.enabled=false');
    expect(enabled.stderr).toBe(missing('metrics >=3.0.0, <4.0.0 from https://charts.example.com/stable', 'queue v0.9.1 from https://charts.example.com/stable', search));
    // Missing dependencies that the values disable change nothing, and are no error.
    const disabled = scan('--helm-set', 'cache.enabled=false', '--helm-set', 'search.enabled=false');
    expect([disabled.stderr, disabled.code]).toEqual(['', 1]);
    expect(JSON.parse(disabled.stdout).findings).toEqual(report.findings);

    // The chart is left as it was, and no view is left in the temporary directory.
    expect(readdirSync(path.join(chart, 'charts'))).toEqual(['common']);
    expect(readdirSync(tmp).filter((entry) => entry.startsWith('rampart-'))).toEqual([]);
  });

  it.skipIf(!helm)('says so when a chart cannot render without its missing dependencies', () => {
    const chart = path.join(tempDir(), 'app');
    mkdirSync(path.join(chart, 'templates'), { recursive: true });
    writeFileSync(path.join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: common\n    version: 2.x.x\n    repository: oci://registry.example.com/charts\n');
    writeFileSync(path.join(chart, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "common.names.fullname" . }}\n');
    const r = rampart(['scan', chart, '--format', 'json'], { env: { RAMPART_HELM: helm as string } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: ${chart}: could not be rendered without the dependencies that are not in its charts/ directory, common 2.x.x from oci://registry.example.com/charts: helm template failed: app/templates/cm.yaml:4:11 executing "app/templates/cm.yaml" at <include "common.names.fullname" .>: error calling include: template: no template "common.names.fullname" associated with template "gotpl" (run \`helm dependency build ${chart}\`, then scan again)\n`,
    );
  });

  it.skipIf(!helm)('fetches missing dependencies under --helm-dependency-update, into a copy of the chart, from a chart repository', async () => {
    const root = tempDir();
    const write = (file: string, text: string) => writeBelow(root, file, text);
    // A chart repository on loopback, serving one chart.
    write('src/cache/Chart.yaml', 'apiVersion: v2\nname: cache\nversion: 1.2.0\n');
    write('src/cache/templates/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: cache\nspec:\n  hostIPC: true\n  containers:\n    - name: c\n      image: registry.example.com/c:1.0\n');
    expect(spawnSync(helm as string, ['package', path.join(root, 'src/cache'), '--destination', path.join(root, 'repo')]).status).toBe(0);
    const server = createServer((request, response) => {
      try {
        response.end(readFileSync(path.join(root, 'repo', path.basename(request.url ?? ''))));
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(spawnSync(helm as string, ['repo', 'index', path.join(root, 'repo'), '--url', url]).status).toBe(0);
    // The chart: a dependency of the same repository and one of the chart repository.
    write('lib/Chart.yaml', 'apiVersion: v2\nname: lib\nversion: 0.4.0\n');
    write('lib/templates/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: lib\nspec:\n  hostNetwork: true\n  containers:\n    - name: l\n      image: registry.example.com/l:1.0\n');
    write('app/Chart.yaml', `apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: lib\n    version: 0.4.0\n    repository: file://../lib\n  - name: cache\n    version: ~1.2.0\n    repository: ${url}\n`);
    write('app/templates/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  hostPID: true\n  containers:\n    - name: a\n      image: registry.example.com/a:1.0\n');
    const app = path.join(root, 'app');
    const tmp = tempDir();
    const helmHome = { HELM_CACHE_HOME: path.join(root, 'h/cache'), HELM_CONFIG_HOME: path.join(root, 'h/config'), HELM_DATA_HOME: path.join(root, 'h/data') };
    const scan = (...flags: string[]) => rampartAsync(['scan', app, '--rule', 'host-pid,host-network,host-ipc', '--format', 'json', ...flags], { env: { RAMPART_HELM: helm as string, TMPDIR: tmp, ...helmHome } });
    const templates = (stdout: string) => (JSON.parse(stdout).findings as { ruleId: string; helmTemplate: string }[]).map((f) => [f.ruleId, f.helmTemplate]);
    try {
      const fetched = await scan('--helm-dependency-update');
      expect(fetched.stderr).toBe('');
      expect(fetched.code).toBe(1);
      expect(templates(fetched.stdout)).toEqual([
        ['host-ipc', path.join(app, 'charts/cache/templates/pod.yaml')],
        ['host-network', path.join(root, 'lib/templates/pod.yaml')],
        ['host-pid', path.join(app, 'templates/pod.yaml')],
      ]);
      // Without the flag, nothing is fetched and the dependency is reported.
      const offline = await scan();
      expect(offline.code).toBe(2);
      expect(offline.stderr).toContain(`rendered without dependencies that are not in its charts/ directory: cache ~1.2.0 from ${url} (run`);
    } finally {
      server.close();
    }
    // A repository that does not answer: the same report, saying why, and the chart's own templates scanned.
    const down = await scan('--helm-dependency-update');
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^error: .*: rendered without dependencies that are not in its charts\/ directory: cache ~1\.2\.0 from .* \(--helm-dependency-update could not fetch them: helm dependency update failed: .*\)\n$/);
    expect(templates(down.stdout)).toEqual([
      ['host-network', path.join(root, 'lib/templates/pod.yaml')],
      ['host-pid', path.join(app, 'templates/pod.yaml')],
    ]);
    // The chart is left as it was, and no view is left in the temporary directory.
    expect(readdirSync(app).sort()).toEqual(['Chart.yaml', 'templates']);
    expect(readdirSync(tmp).filter((entry) => entry.startsWith('rampart-'))).toEqual([]);
  });

  it.skipIf(!helm)('renders offline a chart whose values schema refers to a schema by URL, leaving its values unvalidated with a warning', () => {
    const root = tempDir();
    const schemaUrl = 'https://schemas.rampart.invalid/name.json';
    const schema = (ref: string) => JSON.stringify({ $defs: { name: { $ref: ref, type: 'string' } }, type: 'object', required: ['name'], properties: { name: { $ref: '#/$defs/name' } } });
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  hostPID: true\n  containers:\n    - name: app\n      image: registry.example.com/app:1.0\n';
    for (const [chart, ref] of [['remote', schemaUrl], ['local', '#/$defs/plain']] as const) {
      writeBelow(root, `${chart}/Chart.yaml`, `apiVersion: v2\nname: ${chart}\nversion: 1.0.0\n`);
      writeBelow(root, `${chart}/values.yaml`, 'name: app\n');
      writeBelow(root, `${chart}/values.schema.json`, chart === 'local' ? JSON.stringify({ $defs: { plain: { type: 'string' } }, ...JSON.parse(schema(ref)) }) : schema(ref));
      writeBelow(root, `${chart}/templates/pod.yaml`, pod);
    }
    // helm itself would fetch the schema, and fails where it cannot.
    expect(spawnSync(helm as string, ['template', path.join(root, 'remote')], { encoding: 'utf8' }).status).not.toBe(0);
    const r = rampart(['scan', path.join(root, 'remote'), '--rule', 'host-pid', '--format', 'json'], { env: { RAMPART_HELM: helm as string } });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['host-pid']);
    expect(report.warnings).toEqual([
      {
        code: 'helm-warning',
        file: path.join(root, 'remote'),
        message: `helm template: the values were not validated against the chart's values.schema.json, which refers to ${schemaUrl}: helm would fetch it over the network`,
      },
    ]);
    // The values are still validated against a schema that refers to nothing remote.
    const invalid = rampart(['scan', path.join(root, 'local'), '--helm-set', 'name=null', '--format', 'json'], { env: { RAMPART_HELM: helm as string } });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^error: .*local: helm template failed: values don't meet the specifications of the schema\(s\)/);
  });

  it.skipIf(!helm)("reports helm's own error for a chart that does not render", () => {
    const r = rampart(['scan', 'test/inputs/repo/charts/shop', '--format', 'json'], { env: { RAMPART_HELM: helm as string } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toBe(
      'error: test/inputs/repo/charts/shop: helm template failed: shop/templates/deployment.yaml:4:11 executing "shop/templates/deployment.yaml" at <include "shop.fullname" .>: error calling include: template: no template "shop.fullname" associated with template "gotpl"',
    );
  });
});
