import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Finding, objectLabel } from '../../src/core/finding.js';
import { fingerprint } from '../../src/core/fingerprint.js';
import { SEVERITIES } from '../../src/core/severity.js';
import { LEVEL, ResultSerializer, physical, toUri } from '../../src/report/sarif.js';

/** The SARIF result as an object: what the serializer's string must equal, as JSON.stringify writes it. */
function resultObject(f: Finding, ruleIndex: ReadonlyMap<string, number>) {
  const index = ruleIndex.get(f.ruleId);
  return {
    ruleId: f.ruleId,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: LEVEL[f.severity],
    message: { text: `${objectLabel(f.object)}: ${f.message}` },
    locations: [
      {
        ...physical(f.location.file, f.location.line, f.location.column),
        logicalLocations: [{ fullyQualifiedName: `${objectLabel(f.object)}/${f.path}`, kind: 'object' }],
      },
    ],
    ...(f.helmTemplate ? { relatedLocations: [{ id: 1, message: { text: 'Helm template' }, physicalLocation: { artifactLocation: { uri: toUri(f.helmTemplate) } } }] } : {}),
    partialFingerprints: { 'rampartFinding/v1': fingerprint(f) },
    properties: { severity: f.severity, object: f.object, path: f.path, ...(f.helmTemplate ? { helmTemplate: f.helmTemplate } : {}) },
  };
}

const text = fc.string({ unit: fc.constantFrom('a', 'Z', '/', '\\\\', ' ', '"', '%', '\n', 'é', '\u{1F600}', '\u0001', ':', '-') });
const ruleId = fc.constantFrom('privileged-container', 'host-network', 'not-in-header');
const finding: fc.Arbitrary<Finding> = fc.record({
  ruleId,
  severity: fc.constantFrom(...SEVERITIES),
  category: fc.constant('pod-security'),
  title: text,
  message: text,
  object: fc.record({ apiVersion: fc.constantFrom('v1', 'apps/v1'), kind: fc.constantFrom('Pod', 'Deployment'), name: text, namespace: fc.option(text, { nil: undefined }) }, { requiredKeys: ['apiVersion', 'kind', 'name'] }),
  path: text,
  location: fc.record({ file: fc.oneof(text, fc.constant('/abs/dir/pod.yaml'), fc.constant('<stdin>')), line: fc.option(fc.nat(), { nil: undefined }), column: fc.option(fc.nat(), { nil: undefined }) }, { requiredKeys: ['file'] }),
  helmTemplate: fc.option(fc.oneof(text, fc.constant('')), { nil: undefined }),
  remediation: text,
  references: fc.constant([]),
}, { requiredKeys: ['ruleId', 'severity', 'category', 'title', 'message', 'object', 'path', 'location', 'remediation', 'references'] });

describe('SARIF result serializer', () => {
  const ruleIndex = new Map([
    ['privileged-container', 0],
    ['host-network', 1],
  ]);

  it('writes exactly what JSON.stringify writes for the result object, field for field', () => {
    fc.assert(
      fc.property(fc.array(finding, { minLength: 1, maxLength: 8 }), (findings) => {
        // One serializer for the whole run, as in a report: its caches must not leak between results.
        const serializer = new ResultSerializer(ruleIndex);
        for (const f of findings) expect(serializer.result(f)).toBe(JSON.stringify(resultObject(f, ruleIndex)));
      }),
      { numRuns: 400 },
    );
  });

  it('appends extra fields inside the result', () => {
    const serializer = new ResultSerializer(ruleIndex);
    fc.assert(
      fc.property(finding, (f) => {
        const suppressions = [{ kind: 'external', status: 'accepted', justification: 'approved' }];
        expect(serializer.result(f, `,"suppressions":${JSON.stringify(suppressions)}`)).toBe(JSON.stringify({ ...resultObject(f, ruleIndex), suppressions }));
      }),
      { numRuns: 100 },
    );
  });
});
