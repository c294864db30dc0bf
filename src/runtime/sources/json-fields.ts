import type { ArgKind, Extracted, Extractor, FieldInfo, FieldProvider, FieldRef, FieldType, Scalar } from '../fields.js';
import { FieldCatalog } from '../fields.js';
import { formatDatetime, formatIso8601, formatTime, toNanos } from '../time-format.js';
import { isObject } from './json-value.js';
import { SYSCALL_EVENT_TYPES } from './syscall-event-types.js';

/**
 * A generic event source whose events are flat JSON objects keyed by Falco field names
 * (`{"proc.name": "cat", "fd.name": "/dev/null", "proc.aname[2]": "bash", ...}`), with `null` for a
 * field that is not available. The field catalog gives each name its type; the value of
 * `name[arg]` or `name.arg` is read from that exact key. Network fields (`fd.net`, `fd.cnet`, ...)
 * are derived from the address fields, as libsinsp derives them.
 */

type Row = readonly [name: string, type: FieldType, opts?: { arg?: ArgKind; dot?: boolean; list?: boolean; format?: 'time' | 'iso8601' | 'datetime' }];

/** The syscall source's fields (libsinsp names and types) that Falco's rulesets and tests use. */
const SYSCALL_ROWS: readonly Row[] = [
  ['evt.num', 'uint64'],
  ['evt.time', 'abstime', { format: 'time' }],
  ['evt.time.s', 'string'],
  ['evt.time.iso8601', 'abstime', { format: 'iso8601' }],
  ['evt.datetime', 'abstime', { format: 'datetime' }],
  ['evt.rawtime', 'abstime'],
  ['evt.rawtime.s', 'uint64'],
  ['evt.rawtime.ns', 'uint64'],
  ['evt.reltime', 'reltime'],
  ['evt.latency', 'reltime'],
  ['evt.deltatime', 'reltime'],
  ['evt.dir', 'string'],
  ['evt.type', 'string'],
  ['evt.cpu', 'int64'],
  ['evt.args', 'string'],
  ['evt.arg', 'string', { arg: 'any', dot: true }],
  ['evt.rawarg', 'string', { arg: 'any', dot: true }],
  ['evt.info', 'string'],
  ['evt.buffer', 'bytebuf'],
  ['evt.buflen', 'uint64'],
  ['evt.res', 'string'],
  ['evt.rawres', 'int64'],
  ['evt.failed', 'bool'],
  ['evt.is_io', 'bool'],
  ['evt.is_io_read', 'bool'],
  ['evt.is_io_write', 'bool'],
  ['evt.io_dir', 'string'],
  ['evt.is_wait', 'bool'],
  ['evt.wait_latency', 'reltime'],
  ['evt.is_syslog', 'bool'],
  ['evt.count', 'uint64'],
  ['evt.around', 'uint64', { arg: 'any' }],
  ['evt.abspath', 'string', { arg: 'any' }],
  ['evt.is_open_read', 'bool'],
  ['evt.is_open_write', 'bool'],
  ['evt.is_open_exec', 'bool'],
  ['evt.is_open_create', 'bool'],
  ['evt.category', 'string'],
  ['evt.source', 'string'],
  ['evt.hostname', 'string'],
  ['evt.is_async', 'bool'],
  ['evt.asynctype', 'string'],
  ['evt.pluginname', 'string'],
  ['evt.plugininfo', 'string'],
  ['proc.exe', 'string'],
  ['proc.pexe', 'string'],
  ['proc.aexe', 'string', { arg: 'index' }],
  ['proc.exepath', 'string'],
  ['proc.pexepath', 'string'],
  ['proc.aexepath', 'string', { arg: 'index' }],
  ['proc.name', 'string'],
  ['proc.pname', 'string'],
  ['proc.aname', 'string', { arg: 'index' }],
  ['proc.args', 'string'],
  ['proc.cmdline', 'string'],
  ['proc.pcmdline', 'string'],
  ['proc.acmdline', 'string', { arg: 'index' }],
  ['proc.cmdnargs', 'uint64'],
  ['proc.cmdlenargs', 'uint64'],
  ['proc.exeline', 'string'],
  ['proc.env', 'string', { arg: 'key' }],
  ['proc.aenv', 'string', { arg: 'key' }],
  ['proc.cwd', 'string'],
  ['proc.loginshellid', 'int64'],
  ['proc.tty', 'uint64'],
  ['proc.pid', 'int64'],
  ['proc.ppid', 'int64'],
  ['proc.apid', 'int64', { arg: 'index' }],
  ['proc.vpid', 'int64'],
  ['proc.pvpid', 'int64'],
  ['proc.sid', 'int64'],
  ['proc.sname', 'string'],
  ['proc.sid.exe', 'string'],
  ['proc.sid.exepath', 'string'],
  ['proc.vpgid', 'int64'],
  ['proc.vpgid.name', 'string'],
  ['proc.vpgid.exe', 'string'],
  ['proc.vpgid.exepath', 'string'],
  ['proc.duration', 'reltime'],
  ['proc.ppid.duration', 'reltime'],
  ['proc.pid.ts', 'abstime'],
  ['proc.ppid.ts', 'abstime'],
  ['proc.is_exe_writable', 'bool'],
  ['proc.is_exe_upper_layer', 'bool'],
  ['proc.is_exe_lower_layer', 'bool'],
  ['proc.is_exe_from_memfd', 'bool'],
  ['proc.is_sid_leader', 'bool'],
  ['proc.is_vpgid_leader', 'bool'],
  ['proc.exe_ino', 'uint64'],
  ['proc.exe_ino.ctime', 'abstime'],
  ['proc.exe_ino.mtime', 'abstime'],
  ['proc.exe_ino.ctime_duration_proc_start', 'reltime'],
  ['proc.exe_ino.ctime_duration_pidns_start', 'reltime'],
  ['proc.pidns_init_start_ts', 'uint64'],
  ['proc.is_container_healthcheck', 'bool'],
  ['proc.is_container_liveness_probe', 'bool'],
  ['proc.is_container_readiness_probe', 'bool'],
  ['proc.fdopencount', 'uint64'],
  ['proc.stdin.type', 'string'],
  ['proc.stdout.type', 'string'],
  ['proc.stderr.type', 'string'],
  ['proc.stdin.name', 'string'],
  ['proc.stdout.name', 'string'],
  ['proc.stderr.name', 'string'],
  ['thread.tid', 'int64'],
  ['thread.ismain', 'bool'],
  ['thread.vtid', 'int64'],
  ['thread.cap_permitted', 'string'],
  ['thread.cap_inheritable', 'string'],
  ['thread.cap_effective', 'string'],
  ['thread.exectime', 'reltime'],
  ['thread.totexectime', 'reltime'],
  ['user.uid', 'uint64'],
  ['user.name', 'string'],
  ['user.homedir', 'string'],
  ['user.shell', 'string'],
  ['user.loginuid', 'int64'],
  ['user.loginname', 'string'],
  ['group.gid', 'uint64'],
  ['group.name', 'string'],
  ['fd.num', 'int64'],
  ['fd.type', 'string'],
  ['fd.typechar', 'string'],
  ['fd.name', 'string'],
  ['fd.directory', 'string'],
  ['fd.filename', 'string'],
  ['fd.nameraw', 'string'],
  ['fd.ip', 'ipaddr'],
  ['fd.cip', 'ipaddr'],
  ['fd.sip', 'ipaddr'],
  ['fd.lip', 'ipaddr'],
  ['fd.rip', 'ipaddr'],
  ['fd.port', 'uint64'],
  ['fd.cport', 'uint64'],
  ['fd.sport', 'uint64'],
  ['fd.lport', 'uint64'],
  ['fd.rport', 'uint64'],
  ['fd.l4proto', 'string'],
  ['fd.sockfamily', 'string'],
  ['fd.is_server', 'bool'],
  ['fd.uid', 'string'],
  ['fd.containername', 'string'],
  ['fd.containerdirectory', 'string'],
  ['fd.proto', 'string'],
  ['fd.cproto', 'string'],
  ['fd.sproto', 'string'],
  ['fd.lproto', 'string'],
  ['fd.rproto', 'string'],
  ['fd.net', 'ipnet'],
  ['fd.cnet', 'ipnet'],
  ['fd.snet', 'ipnet'],
  ['fd.lnet', 'ipnet'],
  ['fd.rnet', 'ipnet'],
  ['fd.connected', 'bool'],
  ['fd.name_changed', 'bool'],
  ['fd.cip.name', 'string'],
  ['fd.sip.name', 'string'],
  ['fd.lip.name', 'string'],
  ['fd.rip.name', 'string'],
  ['fd.dev', 'uint64'],
  ['fd.dev.major', 'uint64'],
  ['fd.dev.minor', 'uint64'],
  ['fd.ino', 'uint64'],
  ['fs.path.name', 'string'],
  ['fs.path.nameraw', 'string'],
  ['fs.path.source', 'string'],
  ['fs.path.sourceraw', 'string'],
  ['fs.path.target', 'string'],
  ['fs.path.targetraw', 'string'],
  ['container.id', 'string'],
  ['container.full_id', 'string'],
  ['container.name', 'string'],
  ['container.image', 'string'],
  ['container.image.id', 'string'],
  ['container.image.repository', 'string'],
  ['container.image.tag', 'string'],
  ['container.image.digest', 'string'],
  ['container.type', 'string'],
  ['container.privileged', 'bool'],
  ['container.mounts', 'string'],
  ['container.mount', 'string', { arg: 'any' }],
  ['container.mount.source', 'string', { arg: 'any' }],
  ['container.mount.dest', 'string', { arg: 'any' }],
  ['container.mount.mode', 'string', { arg: 'any' }],
  ['container.mount.rdwr', 'string', { arg: 'any' }],
  ['container.mount.propagation', 'string', { arg: 'any' }],
  ['container.user', 'string'],
  ['container.cni.json', 'string'],
  ['container.host_pid', 'bool'],
  ['container.host_network', 'bool'],
  ['container.host_ipc', 'bool'],
  ['container.start_ts', 'abstime'],
  ['container.duration', 'reltime'],
  ['container.ip', 'string'],
  ['container.label', 'string', { arg: 'key', dot: true }],
  ['container.labels', 'string'],
  ['container.healthcheck', 'string'],
  ['container.liveness_probe', 'string'],
  ['container.readiness_probe', 'string'],
  ['k8s.pod.name', 'string'],
  ['k8s.pod.id', 'string'],
  ['k8s.pod.uid', 'string'],
  ['k8s.pod.sandbox_id', 'string'],
  ['k8s.pod.full_sandbox_id', 'string'],
  ['k8s.pod.label', 'string', { arg: 'key', dot: true }],
  ['k8s.pod.labels', 'string'],
  ['k8s.pod.ip', 'string'],
  ['k8s.pod.cni.json', 'string'],
  ['k8s.ns.name', 'string'],
  ['k8s.ns.id', 'string'],
  ['k8s.ns.label', 'string', { arg: 'key', dot: true }],
  ['k8s.rc.name', 'string'],
  ['k8s.rs.name', 'string'],
  ['k8s.svc.name', 'string'],
  ['k8s.deployment.name', 'string'],
];

const FORMATS: Readonly<Record<string, (ns: bigint) => string>> = { time: formatTime, iso8601: formatIso8601, datetime: formatDatetime };

export function catalogFromRows(rows: readonly Row[]): FieldInfo[] {
  return rows.map(([name, type, opts]) => {
    const format = opts?.format ? FORMATS[opts.format] : undefined;
    return {
      name,
      type,
      list: opts?.list ?? false,
      arg: opts?.arg ?? 'none',
      ...(opts?.dot ? { dotArg: true } : {}),
      desc: '',
      ...(format ? { format: (v: Scalar) => format(toNanos(v) ?? 0n) } : {}),
    };
  });
}

const NETS: Readonly<Record<string, readonly string[]>> = {
  'fd.net': ['fd.cip', 'fd.sip'],
  'fd.cnet': ['fd.cip'],
  'fd.snet': ['fd.sip'],
  'fd.lnet': ['fd.lip'],
  'fd.rnet': ['fd.rip'],
};

export interface JsonFieldsOptions {
  readonly source: string;
  readonly fields: readonly FieldInfo[];
  /** Values `evt.type` may take; a literal outside the set is a compile error, as in libsinsp. */
  readonly eventTypes?: ReadonlySet<string>;
}

function fromJson(v: unknown): Extracted {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) {
    const items = v.filter((x): x is Scalar => x !== null && typeof x !== 'object');
    return items.length > 0 ? items : undefined;
  }
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  return undefined;
}

export class JsonFieldsProvider implements FieldProvider {
  private readonly catalog: FieldCatalog;

  constructor(private readonly options: JsonFieldsOptions) {
    this.catalog = new FieldCatalog(options.fields);
  }

  get fields(): readonly FieldInfo[] {
    return this.catalog.fields;
  }

  resolve(name: string, arg: string | undefined): FieldRef | undefined {
    return this.catalog.resolve(name, arg);
  }

  checkOperand(field: string, value: string): string | undefined {
    if (field === 'evt.type' && this.options.eventTypes && !this.options.eventTypes.has(value)) return `unknown event type ${value}`;
    return undefined;
  }

  extractor(ref: FieldRef): Extractor {
    const { info, arg } = ref;
    const net = NETS[info.name];
    if (net) {
      return (e) => {
        const p = e.payload;
        if (!isObject(p)) return undefined;
        const ips = net.map((k) => p[k]).filter((x): x is string => typeof x === 'string');
        return ips.length === 0 ? undefined : ips.length === 1 ? ips[0] : ips;
      };
    }
    const key = arg === undefined ? info.name : info.dotArg && !/^\d+$/.test(arg) ? `${info.name}.${arg}` : `${info.name}[${arg}]`;
    if (info.name === 'evt.source') return (e) => e.source;
    return (e) => {
      const p = e.payload;
      return isObject(p) ? fromJson(p[key]) : undefined;
    };
  }
}

/** The syscall source on flat JSON events, as produced by `sysdig -j` field dumps. */
export function syscallJsonProvider(): JsonFieldsProvider {
  return new JsonFieldsProvider({ source: 'syscall', fields: catalogFromRows(SYSCALL_ROWS), eventTypes: SYSCALL_EVENT_TYPES });
}
