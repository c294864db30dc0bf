import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { K8SAUDIT_FIELDS } from '../../src/runtime/sources/k8saudit.js';
import { alertsOf } from './helpers.js';

interface UpstreamField {
  readonly name: string;
  readonly list: boolean;
  readonly arg: string | null;
}

const UPSTREAM: readonly UpstreamField[] = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../conformance/falco/k8saudit_fields.json'), 'utf8')) as UpstreamField[];

const EVENT = {
  kind: 'Event',
  auditID: 'a1',
  stage: 'ResponseComplete',
  verb: 'create',
  requestURI: '/api/v1/namespaces/default/pods/p/exec?command=sh&command=-c&stdin=true',
  user: { username: 'alice', groups: ['dev', 'system:authenticated'] },
  sourceIPs: ['10.0.0.1', '10.0.0.2'],
  objectRef: { resource: 'pods', namespace: 'default', name: 'p', subresource: 'exec' },
  responseStatus: { code: 201 },
  annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC' },
  requestObject: {
    kind: 'Pod',
    spec: {
      hostNetwork: true,
      securityContext: { runAsUser: 1000 },
      containers: [
        { name: 'a', image: 'docker.io/nginx:1.25', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN', 'SYS_TIME'] } }, ports: [{ containerPort: 80, hostPort: 8080 }] },
        { name: 'b', image: 'busybox@sha256:abc', securityContext: { runAsUser: 0 } },
      ],
      initContainers: [{ name: 'init', image: 'alpine:3' }],
      volumes: [{ name: 'v', hostPath: { path: '/var/run/docker.sock' } }, { name: 'c', configMap: { name: 'x' } }],
    },
    subjects: [{ kind: 'User', name: 'bob' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }, { kind: 'Group', name: 'g' }],
  },
  stageTimestamp: '2024-01-02T03:04:05.123456Z',
};

function fields(outputs: readonly string[]): Record<string, unknown> {
  const rule = `- rule: r\n  desc: d\n  condition: ka.verb=create\n  output: "${outputs.map((o) => `%${o}`).join(' ')}"\n  priority: INFO\n  source: k8s_audit\n`;
  const [alert] = alertsOf(rule, 'k8s_audit', [EVENT], { redact: false });
  return { ...alert?.outputFields };
}

describe('k8saudit fields', () => {
  it('declares the 100 ka.* fields of k8saudit v0.18, in order, with list and argument kinds', () => {
    expect(K8SAUDIT_FIELDS.map((f) => f.name)).toEqual(UPSTREAM.map((f) => f.name));
    for (const [i, f] of K8SAUDIT_FIELDS.entries()) {
      const u = UPSTREAM[i];
      expect(f.list, f.name).toBe(u?.list);
      expect(f.arg === 'none' ? null : f.arg.includes('key') ? 'required key' : 'optional index', f.name).toBe(u?.arg);
    }
  });

  it('renders values as the plugin does: strings, compact JSON for other values, lists', () => {
    expect(
      fields([
        'ka.user.name',
        'ka.user.groups',
        'ka.response.code',
        'ka.req.pod.host_network',
        'ka.req.pod.containers.image',
        'ka.req.pod.containers.image.repository',
        'ka.req.container.image.repository',
        'ka.req.pod.containers.privileged',
        'ka.req.container.privileged',
        'ka.req.pod.containers.add_capabilities',
        'ka.req.pod.containers.host_port',
        'ka.req.pod.containers.eff_run_as_user',
        'ka.req.pod.volumes.hostpath',
        'ka.req.pod.volumes.volume_type',
        'ka.req.binding.subjects.user_names',
        'ka.req.binding.subjects.serviceaccount_ns_names',
        'ka.req.pod.initContainers.image',
        'ka.sourceips',
        'ka.target.pod.name',
        'ka.impuser.name',
      ]),
    ).toEqual({
      'evt.time': 1_000_000_000n,
      'ka.user.name': 'alice',
      'ka.user.groups': ['dev', 'system:authenticated'],
      'ka.response.code': '201',
      'ka.req.pod.host_network': 'true',
      'ka.req.pod.containers.image': ['docker.io/nginx:1.25', 'busybox@sha256:abc'],
      'ka.req.pod.containers.image.repository': ['docker.io/nginx', 'busybox'],
      'ka.req.container.image.repository': 'docker.io/nginx',
      'ka.req.pod.containers.privileged': ['true'],
      'ka.req.container.privileged': 'true',
      'ka.req.pod.containers.add_capabilities': ['["NET_ADMIN","SYS_TIME"]'],
      'ka.req.pod.containers.host_port': ['8080'],
      'ka.req.pod.containers.eff_run_as_user': ['0', '0'],
      'ka.req.pod.volumes.hostpath': ['/var/run/docker.sock'],
      'ka.req.pod.volumes.volume_type': ['hostPath', 'configMap'],
      'ka.req.binding.subjects.user_names': ['bob'],
      'ka.req.binding.subjects.serviceaccount_ns_names': ['ns:sa'],
      'ka.req.pod.initContainers.image': ['alpine:3'],
      'ka.sourceips': null,
      'ka.target.pod.name': null,
      'ka.impuser.name': null,
    });
  });

  it('supports index and key arguments', () => {
    expect(fields(['ka.req.pod.containers.image[1]', 'ka.uri.param[command]', 'ka.req.volume.hostpath[/var/run/*]', 'ka.req.volume.hostpath[/etc]', 'jevt.value[/objectRef/name]', 'json.value[/user/groups]'])).toMatchObject({
      'ka.req.pod.containers.image[1]': ['busybox@sha256:abc'],
      'ka.uri.param[command]': 'sh',
      'ka.req.volume.hostpath[/var/run/*]': 'true',
      'ka.req.volume.hostpath[/etc]': 'false',
      'jevt.value[/objectRef/name]': 'p',
      'json.value[/user/groups]': '["dev","system:authenticated"]',
    });
    expect(fields(['jevt.value[/constructor]', 'jevt.value[/user/groups/1]', 'jevt.value[/__proto__]'])).toMatchObject({
      'jevt.value[/constructor]': null,
      'jevt.value[/user/groups/1]': 'system:authenticated',
      'jevt.value[/__proto__]': null,
    });
  });

  it('formats text outputs like libsinsp: lists in parentheses, <NA> when missing', () => {
    const rule = `- rule: r\n  desc: d\n  condition: ka.verb=create\n  output: "groups=%ka.user.groups imp=%ka.impuser.name"\n  priority: INFO\n  source: k8s_audit\n`;
    const [alert] = alertsOf(rule, 'k8s_audit', [EVENT], { iso8601: true });
    expect(alert?.output).toBe('1970-01-01T00:00:01.000000000+0000: Informational groups=(dev,system:authenticated) imp=<NA>');
  });

  it('sees no ka.* field on an event without auditID', () => {
    const rule = `- rule: r\n  desc: d\n  condition: ka.verb exists or json.value[/verb] = create\n  output: "%ka.verb"\n  priority: INFO\n  source: k8s_audit\n`;
    const [alert] = alertsOf(rule, 'k8s_audit', [{ verb: 'create' }]);
    expect(alert?.outputFields['ka.verb']).toBeNull();
  });
});
