/*
 * Random pods for the PSS differential oracle: every field a check reads, mutated around its
 * boundaries (allowed and forbidden values, odd casing, CAP_ prefixes, empty strings, Unicode that
 * Go quotes), at pod and container level, in every container list, plus values of the wrong type
 * (which the API server's decoder turns into zero values or empty structs).
 *
 * Never generated: bad values in fields with their own Go decoder (probe and handler ports are
 * IntOrString, resources are Quantity): those make the API server reject the object, which no
 * verdict expresses (the oracle reports them as decodeError and the test refuses them).
 */
import fc from 'fast-check';

type Arb<T> = fc.Arbitrary<T>;

/** Values of the wrong type for almost any field. */
const wrongType: Arb<unknown> = fc.constantFrom<unknown>('true', 'false', 1, 0, -1, 1.5, [], {}, 'x', '', true, false, [1], { a: 1 });

/** A field's plausible values, sometimes null, sometimes of the wrong type. */
function field<T>(arb: Arb<T>, wrongWeight = 1): Arb<unknown> {
  return fc.oneof({ arbitrary: arb as Arb<unknown>, weight: 8 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: wrongType, weight: wrongWeight });
}

const boolish = field(fc.boolean());

/** Strings Go prints differently from JavaScript (quoting, ordering, invalid UTF-16). */
const oddText = fc.constantFrom(
  'a"b',
  'back\\slash',
  'tab\there',
  'new\nline',
  'nbsp\u00a0',
  'soft\u00adhyphen',
  'del\u007f',
  'bell\u0007',
  'emoji\u{1f600}',
  'private\ue000',
  'bom\ufeff',
  'zwj\u200d',
  'lone\ud800',
  'ünïcödé',
  'newer\u{1fae8}',
  '\u{10ffff}',
  '\u0085next',
  // Same prefix: Go orders these by code point, JavaScript by UTF-16 unit.
  'u\ue000',
  'u\uffee',
  'u\u{1f600}',
  'u\u{10000}',
);

export const containerNames = ['app', 'sidecar', 'init', 'debug', 'x', ''] as const;
const containerName = fc.oneof({ arbitrary: fc.constantFrom<string>(...containerNames), weight: 10 }, { arbitrary: oddText, weight: 1 });

const capabilityName = fc.constantFrom(
  'NET_BIND_SERVICE',
  'CHOWN',
  'KILL',
  'AUDIT_WRITE',
  'SYS_CHROOT',
  'SETPCAP',
  'NET_RAW',
  'SYS_ADMIN',
  'SYS_PTRACE',
  'ALL',
  'all',
  'net_bind_service',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_ADMIN',
  'cap_chown',
  'Net_Admin',
  '',
  ' CHOWN',
);

const capabilities = fc.record(
  {
    add: field(fc.array(field(capabilityName, 1), { maxLength: 3 })),
    drop: field(fc.array(field(fc.constantFrom('ALL', 'all', 'NET_RAW', 'CAP_ALL', 'ALL '), 1), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);

const seccompProfile = fc.record(
  {
    type: field(fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined', 'runtimedefault', 'runtime/default', '')),
    localhostProfile: fc.constantFrom('profiles/audit.json'),
  },
  { requiredKeys: [] },
);

const appArmorProfile = fc.record(
  {
    type: field(fc.constantFrom('RuntimeDefault', 'Localhost', 'Unconfined', 'unconfined', 'localhost', '')),
    localhostProfile: fc.constantFrom('k8s-apparmor-example'),
  },
  { requiredKeys: [] },
);

const seLinuxOptions = fc.record(
  {
    type: field(fc.constantFrom('container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t', 'spc_t', 'Container_t', '', 'unconfined_t')),
    user: field(fc.constantFrom('', 'system_u', 'root')),
    role: field(fc.constantFrom('', 'system_r', 'object_r')),
    level: fc.constantFrom('s0:c123,c456', ''),
  },
  { requiredKeys: [] },
);

const windowsOptions = fc.record({ hostProcess: boolish, runAsUserName: fc.constantFrom('ContainerUser') }, { requiredKeys: [] });

/**
 * Not ±2^63: JSON.stringify writes 2^63 as 9223372036854775808 (an overflow for Go), while the
 * engine reads that JavaScript number as the int64 limit it rounds from (see ptrInt64 in view.ts).
 */
const runAsUser = field(fc.constantFrom(0, 1000, 65534, -1, 1, 2 ** 31, 2 ** 53, 2 ** 62, 2 ** 64, -(2 ** 64), 1e21, 0.5, -0.5, '0', '1000'));

/** Either a value the field's type accepts or one of the wrong type (an empty struct in Go). */
function struct<T>(arb: Arb<T>): Arb<unknown> {
  return fc.oneof({ arbitrary: arb as Arb<unknown>, weight: 10 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: wrongType, weight: 1 });
}

const containerSecurityContext = fc.record(
  {
    privileged: boolish,
    allowPrivilegeEscalation: boolish,
    capabilities: struct(capabilities),
    procMount: field(fc.constantFrom('Default', 'Unmasked', 'default', '')),
    seLinuxOptions: struct(seLinuxOptions),
    seccompProfile: struct(seccompProfile),
    appArmorProfile: struct(appArmorProfile),
    windowsOptions: struct(windowsOptions),
    runAsUser,
    runAsNonRoot: boolish,
    readOnlyRootFilesystem: boolish,
  },
  { requiredKeys: [] },
);

const hostPort = field(fc.constantFrom(0, 80, 8080, 443, 9090, 10, 9, 1, -1, 65535, 2 ** 31, 1.5, '80'));

const port = fc.record({ containerPort: field(fc.constantFrom(80, 8080, 443, 0, 10)), hostPort, protocol: fc.constantFrom('TCP', 'UDP') }, { requiredKeys: [] });

const host = field(fc.oneof({ arbitrary: fc.constantFrom('', 'localhost', '127.0.0.1', '10.0.0.1', 'example.com', 'a', 'b'), weight: 10 }, { arbitrary: oddText, weight: 1 }));

/** Ports stay valid IntOrString values: a bad one aborts decoding upstream. */
const handlerPort = fc.constantFrom<unknown>(8080, 'http', 0);

const httpGet = fc.record({ host, port: handlerPort, path: fc.constantFrom('/healthz') }, { requiredKeys: ['port'] });
const tcpSocket = fc.record({ host, port: handlerPort }, { requiredKeys: ['port'] });
const handler = fc.record({ httpGet: struct(httpGet), tcpSocket: struct(tcpSocket), exec: fc.constant({ command: ['true'] }) }, { requiredKeys: [] });
const lifecycle = fc.record({ postStart: struct(handler), preStop: struct(handler) }, { requiredKeys: [] });

const container = fc.record(
  {
    name: field(containerName, 1),
    image: fc.constant('registry.example/app:1'),
    securityContext: struct(containerSecurityContext),
    ports: field(fc.array(struct(port), { maxLength: 3 })),
    livenessProbe: struct(handler),
    readinessProbe: struct(handler),
    startupProbe: struct(handler),
    lifecycle: struct(lifecycle),
  },
  { requiredKeys: [] },
);

/** A container list: mostly real containers, sometimes elements or the list of the wrong type. */
function containers(maxLength: number): Arb<unknown> {
  return field(fc.array(struct(container), { maxLength }));
}

const volumeSources = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
  'notASource',
] as const;

const volume = fc
  .tuple(
    field(fc.constantFrom('data', 'config', 'host', 'v', ''), 1),
    fc.uniqueArray(fc.constantFrom(...volumeSources), { maxLength: 2 }),
    fc.array(fc.constantFrom<unknown>({}, { path: '/var/run' }, null, 'x', [], 0), { minLength: 2, maxLength: 2 }),
  )
  .map(([name, sources, values]) => {
    const v: Record<string, unknown> = { name };
    sources.forEach((source, i) => {
      v[source] = values[i];
    });
    return v;
  });

const sysctlName = fc.constantFrom(
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
  'kernel.msgmax',
  'net.core.somaxconn',
  'Kernel.shm_rmid_forced',
  '',
);

const podSecurityContext = fc.record(
  {
    runAsUser,
    runAsNonRoot: boolish,
    seccompProfile: struct(seccompProfile),
    appArmorProfile: struct(appArmorProfile),
    seLinuxOptions: struct(seLinuxOptions),
    windowsOptions: struct(windowsOptions),
    sysctls: field(fc.array(struct(fc.record({ name: field(sysctlName, 1), value: fc.constant('1') }, { requiredKeys: [] })), { maxLength: 3 })),
    fsGroup: fc.constantFrom(2000),
  },
  { requiredKeys: [] },
);

const annotationValue = field(
  fc.oneof(
    { arbitrary: fc.constantFrom('runtime/default', 'docker/default', 'localhost/profile', 'localhost/', 'unconfined', 'Runtime/Default', '', ' runtime/default'), weight: 10 },
    { arbitrary: oddText, weight: 3 },
  ),
  1,
);

const annotationKey = fc.oneof(
  fc.constant('seccomp.security.alpha.kubernetes.io/pod'),
  fc.constantFrom(...containerNames).map((n) => `container.seccomp.security.alpha.kubernetes.io/${n}`),
  fc.constantFrom(...containerNames).map((n) => `container.apparmor.security.beta.kubernetes.io/${n}`),
  oddText.map((n) => `container.apparmor.security.beta.kubernetes.io/${n}`),
  fc.constantFrom('example.com/other', 'container.apparmor.security.beta.kubernetes.io'),
);

const annotations = fc.dictionary(annotationKey, annotationValue, { maxKeys: 4 });

const spec = fc.record(
  {
    hostNetwork: boolish,
    hostPID: boolish,
    hostIPC: boolish,
    hostUsers: boolish,
    os: struct(fc.record({ name: field(fc.constantFrom('windows', 'linux', 'Windows', '')) }, { requiredKeys: [] })),
    securityContext: struct(podSecurityContext),
    initContainers: containers(2),
    containers: containers(3),
    ephemeralContainers: containers(1),
    volumes: field(fc.array(struct(volume), { maxLength: 3 })),
  },
  { requiredKeys: [] },
);

/** A pod, or a pod template (no kind: the API server does not default hostPorts there). */
export const podArbitrary: Arb<Record<string, unknown>> = fc
  .record(
    {
      kind: fc.constantFrom<unknown>('Pod', 'Pod', undefined, 5),
      metadata: struct(fc.record({ name: fc.constant('pod'), annotations: field(annotations) }, { requiredKeys: [] })),
      spec: struct(spec),
    },
    { requiredKeys: ['spec'] },
  )
  .map((pod) => {
    // A generated `kind: undefined` would vanish from the JSON; drop it here too.
    if (pod.kind === undefined) delete pod.kind;
    return pod as Record<string, unknown>;
  });

/** Policy versions beyond the newest are accepted upstream and evaluate as the newest. */
export const policyArbitrary = fc.record({
  level: fc.constantFrom('privileged', 'baseline', 'restricted', 'restricted') as Arb<'privileged' | 'baseline' | 'restricted'>,
  version: fc.oneof({ arbitrary: fc.constant('latest' as const), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: 40 }), weight: 10 }),
});
