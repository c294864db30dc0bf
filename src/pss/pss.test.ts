import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluatePod,
  formatPssPolicy,
  formatPssReason,
  formatPssReasonSummary,
  LATEST_PSS_MINOR,
  MAX_PSS_MINOR,
  parsePssPolicy,
  PSS_CHECKS,
  PSS_LEVELS,
  pssCheckIds,
  type PodLike,
  type PssPolicy,
} from './index.js';

const RESTRICTED: PssPolicy = { level: 'restricted', version: 'latest' };
const BASELINE: PssPolicy = { level: 'baseline', version: 'latest' };

/** A pod that passes restricted:latest. */
function compliant(): { metadata: Record<string, unknown>; spec: Record<string, unknown> } {
  return {
    metadata: { name: 'web' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', image: 'nginx', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    },
  };
}

describe('parsePssPolicy', () => {
  it('accepts a level alone, with a version, or with latest', () => {
    expect(parsePssPolicy('restricted')).toEqual({ ok: true, value: { level: 'restricted', version: 'latest' } });
    expect(parsePssPolicy('baseline:v1.30')).toEqual({ ok: true, value: { level: 'baseline', version: 30 } });
    expect(parsePssPolicy('restricted:latest')).toEqual({ ok: true, value: { level: 'restricted', version: 'latest' } });
    expect(parsePssPolicy(' privileged:v1.0 ')).toEqual({ ok: true, value: { level: 'privileged', version: 0 } });
    // Upstream accepts versions it does not know yet; they evaluate as the newest.
    expect(parsePssPolicy('baseline:v1.99')).toEqual({ ok: true, value: { level: 'baseline', version: 99 } });
  });

  it('rejects what the namespace labels reject, with a message naming the input and the fix', () => {
    for (const bad of ['', 'strict', 'Restricted', 'baseline:1.30', 'baseline:v1.05', 'baseline:v2.0', 'baseline:', ':v1.2', 'restricted:latest:x', 'baseline:V1.2', 'baseline:v1.99999999999999999999']) {
      const result = parsePssPolicy(bad);
      expect(result.ok, bad).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('pss-policy-invalid');
        expect(result.error.message).toContain(JSON.stringify(bad.trim()));
        expect(result.error.message).toMatch(/restricted/);
      }
    }
    const level = parsePssPolicy('strict');
    expect(!level.ok && level.error.message).toBe(
      'invalid Pod Security Standards policy "strict": level must be one of privileged, baseline, restricted (e.g. "restricted", "baseline:v1.30" or "restricted:latest")',
    );
    const version = parsePssPolicy('baseline:1.30');
    expect(!version.ok && version.error.message).toBe(
      'invalid Pod Security Standards policy "baseline:1.30": version must be "latest" or "v1.x" (e.g. "restricted", "baseline:v1.30" or "restricted:latest")',
    );
  });

  it('round-trips through formatPssPolicy', () => {
    for (const text of ['restricted:latest', 'baseline:v1.30', 'privileged:v1.0']) {
      const parsed = parsePssPolicy(text);
      expect(parsed.ok && formatPssPolicy(parsed.value)).toBe(text);
    }
  });
});

describe('formatPssReason', () => {
  it('joins reasons with their details as AggregateCheckResult.ForbiddenDetail does', () => {
    const violations = [
      { reason: 'host ports', detail: '8080, 9090' },
      { reason: 'privileged containers', detail: '' },
      { reason: 'non-default capabilities', detail: 'CAP_NET_RAW' },
    ];
    expect(formatPssReason(violations)).toBe('host ports (8080, 9090), privileged containers, non-default capabilities (CAP_NET_RAW)');
    expect(formatPssReasonSummary(violations)).toBe('host ports, privileged containers, non-default capabilities');
    expect(formatPssReason([])).toBe('');
    expect(formatPssReason([{ reason: '', detail: 'x' }])).toBe('unknown forbidden reason (x)');
  });

  it('formats a real denial', () => {
    const pod = compliant();
    (pod.spec.containers as Array<Record<string, unknown>>)[0] = { name: 'app', securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } };
    const result = evaluatePod(pod, RESTRICTED);
    expect(result.allowed).toBe(false);
    expect(formatPssReason(result.violations)).toBe('privileged (container "app" must not set securityContext.privileged=true)');
  });
});

describe('evaluatePod', () => {
  it('allows a compliant restricted pod at every version and level', () => {
    for (const level of PSS_LEVELS) {
      for (let v = 0; v <= LATEST_PSS_MINOR + 3; v++) expect(evaluatePod(compliant(), { level, version: v }).allowed).toBe(true);
    }
  });

  it('allows everything at the privileged level', () => {
    const pod = { spec: { hostNetwork: true, containers: [{ name: 'x', securityContext: { privileged: true } }] } };
    expect(evaluatePod(pod, { level: 'privileged', version: 'latest' })).toEqual({ allowed: true, violations: [] });
  });

  it('evaluates latest, and versions newer than the engine, as the newest version', () => {
    expect(MAX_PSS_MINOR).toBe(LATEST_PSS_MINOR);
    const pod = { spec: { securityContext: { sysctls: [{ name: 'net.ipv4.tcp_notsent_lowat', value: '1' }] } } };
    expect(evaluatePod(pod, { level: 'baseline', version: 36 }).allowed).toBe(false);
    expect(evaluatePod(pod, { level: 'baseline', version: 37 }).allowed).toBe(true);
    expect(evaluatePod(pod, { level: 'baseline', version: 'latest' }).allowed).toBe(true);
    expect(evaluatePod(pod, { level: 'baseline', version: 120 }).allowed).toBe(true);
  });

  it('relaxes runAsNonRoot, runAsUser and procMount (baseline) in a user namespace from v1.35', () => {
    const pod = compliant();
    pod.spec.hostUsers = false;
    pod.spec.securityContext = { runAsNonRoot: false, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } };
    (pod.spec.containers as Array<Record<string, unknown>>)[0] = {
      name: 'app',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, procMount: 'Unmasked' },
    };
    expect(evaluatePod(pod, { level: 'baseline', version: 35 }).allowed).toBe(true);
    expect(evaluatePod(pod, { level: 'baseline', version: 34 }).violations.map((v) => v.check)).toEqual(['procMount']);
    expect(evaluatePod(pod, { level: 'restricted', version: 35 }).violations.map((v) => v.check)).toEqual(['procMount_restricted']);
    expect(evaluatePod(pod, { level: 'restricted', version: 34 }).violations.map((v) => v.check)).toEqual(['procMount', 'runAsNonRoot', 'runAsUser']);
  });

  it('exempts Windows pods from the Linux-only restricted checks from v1.25', () => {
    const pod = { spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'app' }] } };
    expect(evaluatePod(pod, { level: 'restricted', version: 25 }).allowed).toBe(true);
    expect(evaluatePod(pod, { level: 'restricted', version: 24 }).violations.map((v) => v.check)).toEqual([
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'seccompProfile_restricted',
    ]);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }), fc.constantFrom(...PSS_LEVELS), (value, level) => {
        evaluatePod(value as PodLike, { level, version: 'latest' });
        evaluatePod({ spec: value, metadata: { annotations: value } } as PodLike, { level, version: 20 });
        evaluatePod({ spec: { containers: [value], volumes: [value], securityContext: value } } as PodLike, { level, version: 'latest' });
      }),
      { numRuns: 500 },
    );
    expect(evaluatePod(null as unknown as PodLike, RESTRICTED).allowed).toBe(true);
  });

  it('reads wrong-typed values as the API server decoding does', () => {
    const sc = (securityContext: unknown) => ({ spec: { containers: [{ name: 'app', securityContext }] } });
    // A string is not true...
    expect(evaluatePod(sc({ privileged: 'true' }), BASELINE).allowed).toBe(true);
    // ...but a wrong-typed pointer field is allocated: runAsUser "1000" decodes to runAsUser=0.
    const runAsUser = evaluatePod(sc({ runAsUser: '1000', runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } }), RESTRICTED);
    expect(runAsUser.violations.map((v) => v.detail)).toEqual(['container "app" must not set runAsUser=0']);
    // An AdmissionReview's runAsUser 9223372036854775807 parses to 2^63: still not 0.
    expect(evaluatePod(JSON.parse('{"spec":{"securityContext":{"runAsUser":9223372036854775807}}}'), RESTRICTED).violations.map((v) => v.check)).not.toContain('runAsUser');
    // A seccomp profile of the wrong type is a profile with type "".
    expect(evaluatePod(sc({ seccompProfile: 'RuntimeDefault' }), BASELINE).violations.map((v) => v.detail)).toEqual([
      'container "app" must not set securityContext.seccompProfile.type to ""',
    ]);
    // A container of the wrong type is a container named "".
    expect(evaluatePod({ spec: { containers: ['app'] } }, RESTRICTED).violations[0]?.detail).toBe('container "" must set securityContext.allowPrivilegeEscalation=false');
  });

  it('applies the API server defaults admission sees', () => {
    // A volume without a source is an emptyDir.
    expect(evaluatePod({ spec: { ...compliant().spec, volumes: [{ name: 'scratch' }] } }, RESTRICTED).allowed).toBe(true);
    // A Pod (not a template) with hostNetwork gets hostPort = containerPort.
    const spec = { hostNetwork: true, containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] };
    expect(evaluatePod({ kind: 'Pod', spec } as PodLike, BASELINE).violations.map((v) => `${v.check}: ${v.detail}`)).toEqual([
      'hostNamespaces: hostNetwork=true',
      'hostPorts: container "app" uses hostPort 8080',
    ]);
    expect(evaluatePod({ spec }, BASELINE).violations.map((v) => v.check)).toEqual(['hostNamespaces']);
  });

  it('reuses one frozen result for allowed pods', () => {
    const a = evaluatePod(compliant(), RESTRICTED);
    expect(a).toBe(evaluatePod(compliant(), BASELINE));
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('violation fields', () => {
  const c0 = ['spec', 'containers', 0] as const;
  const cases: Array<{ name: string; pod: PodLike; policy?: PssPolicy; fields: Record<string, ReadonlyArray<ReadonlyArray<string | number>>> }> = [
    {
      name: 'privileged and host namespaces',
      pod: { spec: { hostPID: true, hostIPC: true, initContainers: [{ name: 'i', securityContext: { privileged: true } }] } },
      policy: BASELINE,
      fields: {
        hostNamespaces: [
          ['spec', 'hostPID'],
          ['spec', 'hostIPC'],
        ],
        privileged: [['spec', 'initContainers', 0, 'securityContext', 'privileged']],
      },
    },
    {
      name: 'host ports, probes and lifecycle hosts',
      pod: {
        spec: {
          containers: [
            { name: 'a', ports: [{ containerPort: 80 }, { hostPort: 8080 }] },
            { name: 'b', livenessProbe: { httpGet: { host: 'x', port: 80 } }, lifecycle: { preStop: { tcpSocket: { host: 'y', port: 80 } } } },
          ],
        },
      },
      policy: BASELINE,
      fields: {
        hostPorts: [['spec', 'containers', 0, 'ports', 1, 'hostPort']],
        hostProbesAndHostLifecycle: [
          ['spec', 'containers', 1, 'livenessProbe', 'httpGet', 'host'],
          ['spec', 'containers', 1, 'lifecycle', 'preStop', 'tcpSocket', 'host'],
        ],
      },
    },
    {
      name: 'annotations, AppArmor and seccomp fields',
      pod: {
        metadata: { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
        spec: { securityContext: { appArmorProfile: { type: 'Unconfined' }, seccompProfile: { type: 'Unconfined' } }, containers: [{ name: 'app' }] },
      },
      policy: BASELINE,
      fields: {
        appArmorProfile: [
          ['spec', 'securityContext', 'appArmorProfile', 'type'],
          ['metadata', 'annotations', 'container.apparmor.security.beta.kubernetes.io/app'],
        ],
        seccompProfile_baseline: [['spec', 'securityContext', 'seccompProfile', 'type']],
      },
    },
    {
      name: 'seccomp annotations before v1.19',
      pod: { metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }, spec: { containers: [{ name: 'app' }] } },
      policy: { level: 'baseline', version: 18 },
      fields: { seccompProfile_baseline: [['metadata', 'annotations', 'seccomp.security.alpha.kubernetes.io/pod']] },
    },
    {
      name: 'capabilities, procMount, SELinux, sysctls, hostProcess, volumes',
      pod: {
        spec: {
          securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced' }, { name: 'kernel.msgmax' }], seLinuxOptions: { user: 'u', role: 'r' }, windowsOptions: { hostProcess: true } },
          containers: [{ name: 'app', securityContext: { capabilities: { add: ['CHOWN', 'SYS_ADMIN'] }, procMount: 'Unmasked', seLinuxOptions: { type: 'spc_t' } } }],
          volumes: [{ name: 'h', hostPath: { path: '/' } }],
        },
      },
      policy: BASELINE,
      fields: {
        capabilities_baseline: [[...c0, 'securityContext', 'capabilities', 'add', 1]],
        hostPathVolumes: [['spec', 'volumes', 0, 'hostPath']],
        procMount: [[...c0, 'securityContext', 'procMount']],
        seLinuxOptions: [
          ['spec', 'securityContext', 'seLinuxOptions', 'user'],
          ['spec', 'securityContext', 'seLinuxOptions', 'role'],
          [...c0, 'securityContext', 'seLinuxOptions', 'type'],
        ],
        sysctls: [['spec', 'securityContext', 'sysctls', 1, 'name']],
        windowsHostProcess: [['spec', 'securityContext', 'windowsOptions', 'hostProcess']],
      },
    },
    {
      name: 'missing restricted fields point where they belong',
      pod: { spec: { containers: [{ name: 'app' }], ephemeralContainers: [{ name: 'dbg', securityContext: { runAsUser: 0, capabilities: { drop: ['ALL'], add: ['NET_RAW'] } } }] } },
      fields: {
        allowPrivilegeEscalation: [
          [...c0, 'securityContext', 'allowPrivilegeEscalation'],
          ['spec', 'ephemeralContainers', 0, 'securityContext', 'allowPrivilegeEscalation'],
        ],
        capabilities_restricted: [
          [...c0, 'securityContext', 'capabilities', 'drop'],
          ['spec', 'ephemeralContainers', 0, 'securityContext', 'capabilities', 'add', 0],
        ],
        runAsNonRoot: [
          [...c0, 'securityContext', 'runAsNonRoot'],
          ['spec', 'ephemeralContainers', 0, 'securityContext', 'runAsNonRoot'],
        ],
        runAsUser: [['spec', 'ephemeralContainers', 0, 'securityContext', 'runAsUser']],
        seccompProfile_restricted: [
          [...c0, 'securityContext', 'seccompProfile', 'type'],
          ['spec', 'ephemeralContainers', 0, 'securityContext', 'seccompProfile', 'type'],
        ],
      },
    },
    {
      name: 'explicit bad values win over missing ones',
      pod: { spec: { securityContext: { runAsNonRoot: false }, containers: [{ name: 'a' }, { name: 'b', securityContext: { runAsNonRoot: false } }], volumes: [{ name: 'n', nfs: {} }] } },
      fields: {
        runAsNonRoot: [
          ['spec', 'securityContext', 'runAsNonRoot'],
          ['spec', 'containers', 1, 'securityContext', 'runAsNonRoot'],
        ],
        restrictedVolumes: [['spec', 'volumes', 0, 'nfs']],
      },
    },
  ];

  for (const { name, pod, policy, fields } of cases) {
    it(name, () => {
      const result = evaluatePod(pod, policy ?? RESTRICTED);
      const actual = Object.fromEntries(result.violations.filter((v) => v.check in fields).map((v) => [v.check, v.fields]));
      expect(actual).toEqual(fields);
      for (const v of result.violations) expect(v.fields.length, v.check).toBeGreaterThan(0);
    });
  }
});

describe('check registry', () => {
  const manifest = JSON.parse(readFileSync(new URL('../../test/conformance/pss/manifest.json', import.meta.url), 'utf8')) as {
    checks: Record<string, { level: string; versions: string[]; overrides: string | null }>;
  };

  it('lists the upstream checks with their levels, versions and overrides', () => {
    expect(PSS_CHECKS.map((c) => c.id).sort()).toEqual(Object.keys(manifest.checks).sort());
    for (const check of PSS_CHECKS) {
      const upstream = manifest.checks[check.id];
      expect(check.level, check.id).toBe(upstream?.level);
      expect(check.versions, check.id).toEqual(upstream?.versions.map((v) => `v${v}`));
      expect(check.overrides, check.id).toEqual(upstream?.overrides ? [upstream.overrides] : []);
      expect(check.description.length).toBeGreaterThan(20);
      expect(check.restrictedFields.length).toBeGreaterThan(0);
    }
  });

  it('orders checks as upstream evaluates them: baseline then restricted, each by id in byte order', () => {
    expect(PSS_CHECKS.map((c) => c.id)).toEqual([
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPathVolumes',
      'hostPorts',
      'hostProbesAndHostLifecycle',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
      'allowPrivilegeEscalation',
      'capabilities_restricted',
      'procMount_restricted',
      'restrictedVolumes',
      'runAsNonRoot',
      'runAsUser',
      'seccompProfile_restricted',
    ]);
  });

  it('drops the baseline checks a restricted check overrides at that version', () => {
    expect(pssCheckIds('privileged', 'latest')).toEqual([]);
    expect(pssCheckIds('restricted', 0)).toEqual([
      'appArmorProfile',
      'capabilities_baseline',
      'hostNamespaces',
      'hostPorts',
      'privileged',
      'procMount',
      'seLinuxOptions',
      'seccompProfile_baseline',
      'sysctls',
      'windowsHostProcess',
      'restrictedVolumes',
      'runAsNonRoot',
    ]);
    const latest = pssCheckIds('restricted', 'latest');
    for (const overridden of ['capabilities_baseline', 'hostPathVolumes', 'procMount', 'seccompProfile_baseline']) expect(latest).not.toContain(overridden);
    expect(latest).toHaveLength(15);
    expect(pssCheckIds('baseline', 'latest')).toHaveLength(12);
    expect(pssCheckIds('baseline', 33)).not.toContain('hostProbesAndHostLifecycle');
  });
});
