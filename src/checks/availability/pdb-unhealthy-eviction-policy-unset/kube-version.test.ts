import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../test/helpers/temp.js';
import type { Finding } from '../../../core/finding.js';
import { loadFiles } from '../../../inputs/load.js';
import { runChecks } from '../../../scan/engine.js';
import check from './index.js';

const PDB = `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: api, namespace: shop}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: api}
`;

function messages(kubeVersion: string | undefined): string[] {
  const file = path.join(tempDir('rampart-pdb-'), 'pdb.yaml');
  writeFileSync(file, PDB);
  const findings: Finding[] = [];
  const settings = kubeVersion === undefined ? {} : { kubeVersion };
  runChecks(
    loadFiles([file]).objects,
    { checks: [{ check, severityOverride: undefined, params: {} }], settings, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false },
    (batch) => findings.push(...batch),
  );
  return findings.map((f) => f.message);
}

describe('pdb-unhealthy-eviction-policy-unset against a target version', () => {
  it('is silent before 1.27, where the API server does not know the field (1.25) or drops it behind a feature gate that is off (1.26)', () => {
    expect(messages('1.25')).toEqual([]);
    expect(messages('v1.26.9')).toEqual([]);
  });

  it('reports from 1.27, where the field is honoured by default, and when no version is given', () => {
    for (const version of ['1.27', 'v1.31.2', '1.37', undefined]) expect(messages(version), String(version)).toHaveLength(1);
  });
});
