import type { Path } from '../../../core/path.js';
import { k8sDocs, mitre } from '../../../core/references.js';
import { asArray, asNumber, getIn } from '../../../k8s/access.js';
import { droppedCapabilities, effectiveSetting, normalizedCapabilities } from '../../../k8s/security-context.js';
import { type ContainerView, describeContainer, type PodView } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { PROBE_FIELDS } from '../../workload/probes.js';
import { findSudo } from './find-sudo.js';

/** One element of an argument vector, with where it is written. */
interface Word {
  readonly value: unknown;
  readonly path: Path;
  /** The field that holds it, for messages: command, args, postStart hook, livenessProbe. */
  readonly field: string;
}

function words(values: unknown, path: Path, field: string): Word[] {
  return asArray(values).map((value, index) => ({ value, path: [...path, index], field }));
}

/** Where a container's argument lists are written, relative to the container, and what to call each. */
const ARGUMENT_FIELDS: readonly { readonly keys: readonly string[]; readonly field: string }[] = [
  { keys: ['command'], field: 'command' },
  { keys: ['args'], field: 'args' },
  ...['postStart', 'preStop'].map((hook) => ({ keys: ['lifecycle', hook, 'exec', 'command'], field: `${hook} hook` })),
  ...PROBE_FIELDS.map((probe) => ({ keys: [probe, 'exec', 'command'], field: probe })),
];

/**
 * The argument vectors a container runs. The main process: command followed by args, or when
 * command is unset, args alone (the kubelet then runs the image's ENTRYPOINT with args in place of
 * CMD; entrypoint scripts usually exec them, so args[0] is read as the program). Lifecycle hooks and
 * exec probes run their command as given, in the container, as its user.
 */
function argumentVectors(c: ContainerView): Word[][] {
  const [command = [], args = [], ...others] = ARGUMENT_FIELDS.map(({ keys, field }) => words(getIn(c.body, ...keys), [...c.path, ...keys], field));
  return [command.length > 0 ? command.concat(args) : args, ...others];
}

/**
 * Whether some string of the container's argument lists names sudo or doas: findSudo only finds
 * them spelled out, so a container without either word is passed over without building its vectors.
 */
function argumentsMentionSudo(c: ContainerView): boolean {
  return ARGUMENT_FIELDS.some(({ keys }) => asArray(getIn(c.body, ...keys)).some((value) => typeof value === 'string' && (value.includes('sudo') || value.includes('doas'))));
}

const BEFORE = 30;
const AFTER = 50;

/** The script around offset: BEFORE characters before it and AFTER from it, elided with …. */
function scriptExcerpt(script: string, offset: number): string {
  const from = Math.max(0, offset - BEFORE);
  const to = Math.min(script.length, offset + AFTER);
  return `${from > 0 ? '…' : ''}${script.slice(from, to).replace(/[ \t]+/g, ' ')}${to < script.length ? '…' : ''}`;
}

/** The argument vector from the sudo element on, as a shell would show it, bounded. */
function vectorExcerpt(vector: readonly Word[], element: number): string {
  const text = vector
    .slice(element)
    .map(({ value }) => {
      const word = typeof value === 'string' ? value : JSON.stringify(value);
      return word === '' || /[\s'"]/.test(word) ? `'${word.replace(/'/g, `'\\''`)}'` : word;
    })
    .join(' ');
  return text.length > AFTER + BEFORE ? `${text.slice(0, AFTER + BEFORE)}…` : text;
}

/** Whether the container drops a capability sudo needs to switch user even as root (ALL, SETUID or SETGID) and does not add it back. */
function dropsUserSwitching(c: ContainerView): boolean {
  if (c.securityContext?.privileged === true) return false;
  const { dropped } = droppedCapabilities(c);
  const added = new Set(normalizedCapabilities(c, 'add').map((a) => a.name));
  if (added.has('ALL')) return false;
  return ['SETUID', 'SETGID'].some((cap) => (dropped.has('ALL') || dropped.has(cap)) && !added.has(cap));
}

/**
 * What sudo (or doas, `program`, which switches user the same way: a setuid-root binary, or as root
 * setuid and setgid) does for the container's user, as far as the manifest says, and whether
 * allowPrivilegeEscalation: false would stop it.
 */
function consequence(pod: PodView, c: ContainerView, program: 'sudo' | 'doas'): { readonly why: string; readonly escalation: boolean } {
  const { why, escalation } = sudoConsequence(pod, c);
  return { why: program === 'sudo' ? why : why.replaceAll('sudo', program), escalation };
}

function sudoConsequence(pod: PodView, c: ContainerView): { readonly why: string; readonly escalation: boolean } {
  const user = asNumber(effectiveSetting(pod, c, 'runAsUser').value);
  if (user === 0) {
    if (dropsUserSwitching(c)) {
      return { why: 'it runs as root (runAsUser: 0) but drops CAP_SETUID or CAP_SETGID, without which sudo cannot switch user or set groups, so it fails', escalation: false };
    }
    return { why: 'it runs as root (runAsUser: 0), so sudo needs no setuid bit, works even under allowPrivilegeEscalation: false and only switches user, which hides the user the workload really runs as from its securityContext', escalation: false };
  }
  if (user !== undefined || effectiveSetting(pod, c, 'runAsNonRoot').value === true) {
    if (c.securityContext?.allowPrivilegeEscalation === false) {
      return { why: 'it runs as a non-root user with allowPrivilegeEscalation: false, so the setuid-root sudo cannot gain privileges and fails', escalation: false };
    }
    return { why: 'it runs as a non-root user, so sudo needs a setuid-root binary and privilege escalation, the same path to root for whoever takes over the process', escalation: true };
  }
  return {
    why: "neither runAsUser nor runAsNonRoot is set, so the image's user decides: as root, sudo only switches user (even under allowPrivilegeEscalation: false) and hides the user the workload really runs as; as a non-root user, it needs a setuid-root binary and privilege escalation, the same path to root for whoever takes over the process",
    escalation: true,
  };
}

export default defineCheck({
  id: 'sudo-in-command',
  title: 'Container command runs sudo or doas',
  severity: 'low',
  category: 'pod-security',
  target: 'workload',
  admission: true,
  description:
    "A container whose command or args run sudo changes user at run time. When the container runs as a non-root user, sudo needs a setuid-root binary and a sudoers policy in the image, and the container must allow privilege escalation (the no_new_privs flag that allowPrivilegeEscalation: false sets makes the setuid bit ineffective, so sudo fails there): whoever takes over the process can use the same path to become root, which turns any container escape or host mount into a root one. When the container runs as root (runAsUser: 0, or no runAsUser and an image whose user is root), sudo needs neither and works even under allowPrivilegeEscalation: false (unless the container drops CAP_SETUID or CAP_SETGID, which it switches user with); it then only switches user, and the user the workload really runs as is hidden from whoever reads its securityContext. The rule reports sudo where it runs as a command: as the program (command[0], or args[0] when command is not set, also after the wrappers env, tini --, dumb-init and exec), or as a command of a shell script passed with sh -c or bash -c (at the start, after ; & && | || ( $( or a newline, after then, do or else, after exec, env, nohup, xargs, time or command, or after VAR=value assignments); it reads lifecycle postStart and preStop exec commands and exec probes the same way. sudo as an argument (usermod -aG sudo, apt-get install sudo, command -v sudo), in quoted text or in a comment is not reported, nor are sudoers, visudo or sudo.conf. doas (OpenBSD's replacement, which Alpine packages) is read the same way. It cannot see an image's own ENTRYPOINT or scripts inside the image.",
  remediation:
    'Do the privileged steps at image build time, or in an init container that runs as root with only the capabilities it needs; run the main process directly as the user it needs (securityContext.runAsUser), remove sudo from the image, and set allowPrivilegeEscalation: false.',
  references: [
    k8sDocs('Configure a Security Context for a Pod or Container', 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'),
    mitre('T1548.003', 'Abuse Elevation Control Mechanism: Sudo and Sudo Caching'),
  ],
  run({ pod, report }) {
    for (const c of pod.containers) {
      if (!argumentsMentionSudo(c)) continue;
      for (const vector of argumentVectors(c)) {
        const hit = findSudo(vector.map((w) => w.value));
        if (!hit) continue;
        const word = vector[hit.element] as Word;
        const excerpt = hit.offset === undefined ? vectorExcerpt(vector, hit.element) : scriptExcerpt(word.value as string, hit.offset);
        const { why, escalation } = consequence(pod, c, hit.program);
        report({
          path: word.path,
          message: `${describeContainer(c)} runs ${hit.program} in its ${word.field} (${JSON.stringify(excerpt)}): ${why}; do the privileged work at build time or in an init container, run the process as the user it needs (runAsUser) and remove ${hit.program} from the image${escalation ? ', then set allowPrivilegeEscalation: false' : ''}`,
        });
      }
    }
  },
});
