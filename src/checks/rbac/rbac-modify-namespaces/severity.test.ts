import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Finding } from '../../../core/finding.js';
import { objectsOfDocument } from '../../../inputs/objects.js';
import { parseManifests } from '../../../k8s/yaml/parse.js';
import { runChecks } from '../../../scan/engine.js';
import modifyNamespaces from './index.js';

it('is high only where the role can also create pods, which a lifted Pod Security level lets run privileged', () => {
  const text = readFileSync(new URL('./severity.yaml', import.meta.url), 'utf8');
  const objects = parseManifests(text, 'severity.yaml').documents.flatMap((d) => objectsOfDocument(d, 'severity.yaml').objects);
  const policy = { checks: [{ check: modifyNamespaces, severityOverride: undefined, params: {} }], settings: {}, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false };
  const out: Finding[] = [];
  runChecks(objects, policy, (batch) => out.push(...batch));
  expect(out.map((f) => [f.object.name, f.severity, f.message.includes('lift Pod Security')])).toEqual([
    ['deployer', 'high', true],
    ['patcher', 'medium', false],
  ]);
});
