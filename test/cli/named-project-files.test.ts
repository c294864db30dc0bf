import { cpSync, renameSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rampartRecordingArgs } from '../helpers/recorded-args.js';
import { tempDir } from '../helpers/temp.js';

// A chart's Chart.yaml or a kustomization file named on the command line: neither is a manifest,
// and scanning it as one checked nothing and passed. It stands for its directory.
const CHART = 'test/inputs/charts/web';
const REPO = 'test/inputs/repo';
const FAKE_HELM = path.resolve('test/inputs/fake-helm/helm');
const FAKES = path.resolve('test/inputs/fake-kustomize');
const KUSTOMIZE = `${FAKES}/kustomize-bin:${FAKES}/kubectl-bin:${path.dirname(process.execPath)}`;

const scanWithHelm = (args: readonly string[]) => rampartRecordingArgs(['scan', ...args, '--format', 'json'], 'FAKE_HELM_ARGS', { RAMPART_HELM: FAKE_HELM });
const scanWithKustomize = (args: readonly string[]) => rampartRecordingArgs(['scan', ...args, '--format', 'json'], 'FAKE_BUILD_ARGS', { PATH: KUSTOMIZE });

/** What a JSON report says, without what tells the runs apart. */
function outcome(r: { code: number | null; stdout: string; recorded: string[] | undefined }) {
  const report = JSON.parse(r.stdout);
  return { code: r.code, program: r.recorded, findings: report.findings, skipped: report.skipped, errors: report.errors, summary: report.summary };
}

describe("a chart's Chart.yaml named on the command line", () => {
  it('renders the chart, as naming its directory does', () => {
    const named = scanWithHelm([`${CHART}/Chart.yaml`, '--rule', 'privileged-container']);
    expect(named.code).toBe(1);
    expect(named.recorded).toEqual(['template', '--', 'release-name', CHART]);
    expect(outcome(named)).toEqual(outcome(scanWithHelm([CHART, '--rule', 'privileged-container'])));
    expect(JSON.parse(named.stdout).findings).toEqual([expect.objectContaining({ ruleId: 'privileged-container', location: expect.objectContaining({ file: `helm template ${CHART}` }) })]);
  });

  it('is an error without helm (--no-helm), as the chart is, never a pass that checked nothing', () => {
    const r = scanWithHelm([`${CHART}/Chart.yaml`, '--no-helm']);
    expect(r.code).toBe(2);
    expect(r.recorded).toBeUndefined();
    expect(JSON.parse(r.stdout).errors).toEqual([expect.objectContaining({ code: 'helm-chart', file: CHART })]);
  });
});

describe('a kustomization file named on the command line', () => {
  it('is built with --kustomize, as naming its directory does, whichever of its names it has', () => {
    const named = scanWithKustomize([`${REPO}/deploy/overlays/prod/kustomization.yaml`, '--kustomize', '--rule', 'privileged-container']);
    expect(named.code).toBe(1);
    expect(named.recorded).toEqual(['kustomize', 'build', `${REPO}/deploy/overlays/prod`]);
    expect(outcome(named)).toEqual(outcome(scanWithKustomize([`${REPO}/deploy/overlays/prod`, '--kustomize', '--rule', 'privileged-container'])));
    const dir = tempDir();
    cpSync(`${REPO}/deploy`, dir, { recursive: true });
    let current = 'kustomization.yaml';
    for (const name of ['kustomization.yml', 'Kustomization']) {
      renameSync(path.join(dir, 'overlays/prod', current), path.join(dir, 'overlays/prod', name));
      current = name;
      expect(scanWithKustomize([path.join(dir, 'overlays/prod', name), '--kustomize']).recorded, name).toEqual(['kustomize', 'build', path.join(dir, 'overlays/prod')]);
    }
  });

  it('without --kustomize reads its directory as naming it does: its files as they are, its patches skipped', () => {
    const named = scanWithKustomize([`${REPO}/deploy/overlays/prod/kustomization.yaml`]);
    expect(named.recorded).toBeUndefined();
    expect(outcome(named)).toEqual(outcome(scanWithKustomize([`${REPO}/deploy/overlays/prod`])));
    const report = JSON.parse(named.stdout);
    expect(report.summary.files).toBe(2);
    expect(report.skipped.map((s: { file: string }) => s.file)).toContain(`${REPO}/deploy/overlays/prod/ports.yaml`);
  });
});
