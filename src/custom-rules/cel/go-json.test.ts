import { describe, expect, it } from 'vitest';
import { goJson, goJsonForm, KUBE_LINTER_JSON } from './go-json.js';
import { quantityJson } from './go-quantity.js';
import { GO_KINDS, GO_KINDS_OF_EVERY_VERSION, GO_STRUCTS, GO_UNVERSIONED_KINDS } from './go-types.generated.js';

// The expected forms are what test/oracles/go-json (client-go v0.37.2, encoding/json) prints.
describe('goJsonForm (the object as kube-linter hands it to CEL)', () => {
  it('adds the zero values of fields that are not omitempty: a Deployment without resources', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
    };
    expect(goJson(deployment)).toEqual({
      decoding: 'typed',
      form: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          strategy: {},
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx:1.25', name: 'web', resources: {} }] } },
        },
        status: {},
      },
    });
  });

  it("writes the zero creationTimestamp as kube-linter's apimachinery (v0.32.1, no omitzero) does: null, in metadata and a pod template's", () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
    };
    const form = goJsonForm(deployment, KUBE_LINTER_JSON) as { metadata: unknown; spec: { template: { metadata: unknown } } };
    expect(form.metadata).toEqual({ name: 'web', creationTimestamp: null });
    expect(form.spec.template.metadata).toEqual({ creationTimestamp: null });
    // client-go v0.37.2's types (the table's) leave it out.
    expect((goJsonForm(deployment) as { metadata: unknown }).metadata).toEqual({ name: 'web' });
    // A time that is set is written in UTC either way.
    const stored = { ...deployment, metadata: { name: 'web', creationTimestamp: '2024-05-01T12:30:00+02:00' } };
    expect((goJsonForm(stored, KUBE_LINTER_JSON) as { metadata: unknown }).metadata).toEqual({ name: 'web', creationTimestamp: '2024-05-01T10:30:00Z' });
  });

  it('writes a nil slice that is not omitempty as null: a Role without rules', () => {
    expect(goJsonForm({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'ns' } })).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'reader', namespace: 'ns' },
      rules: null,
    });
  });

  it('keeps an object of a kind the scheme does not know as written', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 3, ratio: 0.5, labels: { a: null } } };
    expect(goJson(widget)).toEqual({ decoding: 'unstructured', form: widget });
  });

  it('writes quantities in canonical form (unless already so as written) and times in UTC without fraction', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', creationTimestamp: '2024-05-01T12:30:00.25+02:00' },
      spec: { containers: [{ name: 'app', image: 'app', resources: { limits: { cpu: '1000m', memory: '1.5Gi' }, requests: { cpu: 0.5, memory: '1e3' } } }] },
    };
    expect(goJsonForm(pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', creationTimestamp: '2024-05-01T10:30:00Z' },
      spec: { containers: [{ image: 'app', name: 'app', resources: { limits: { cpu: '1', memory: '1536Mi' }, requests: { cpu: '500m', memory: '1e3' } } }] },
      status: {},
    });
    expect(['0.5Ki', '+1', '1.500k', '1000E', '1e-10', '-1.5Mi', '12345678901234567890Ki', 'x'].map(quantityJson)).toEqual(['512', '+1', '1.500k', '1', '1e-9', '-1536Ki', '9223372036854775807', undefined]);
  });

  it('falls back to the plain object where a type’s own decoder refuses a value, and refuses a value of the wrong JSON type', () => {
    const badQuantity = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', resources: { limits: { cpu: '2 cores' } } }] } };
    expect(goJson(badQuantity)).toEqual({ decoding: 'unstructured', form: badQuantity });
    const badPort = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', ports: [{ containerPort: '80' }] }] } };
    expect(goJson(badPort)).toEqual({ decoding: 'unloadable', form: badPort });
  });

  it('knows every shape the generated table uses', () => {
    const shapes = Object.values(GO_STRUCTS).flatMap((fields) => (fields === '' ? [] : fields.split(',').map((f) => f.slice(f.indexOf(':') + 1))));
    for (const shape of shapes) expect(shape).toMatch(/^[*[{]*(?:[sbilfBQNTMR]|@.+)$/);
    const roots = [...Object.values(GO_KINDS), ...Object.values(GO_KINDS_OF_EVERY_VERSION), ...Object.values(GO_UNVERSIONED_KINDS)];
    for (const ref of [...roots, ...shapes.filter((s) => s.includes('@'))]) expect(GO_STRUCTS[ref.replace(/^[-*[{]*@?/, '')], ref).toBeDefined();
  });
});
