import type { Path } from '../../core/path.js';
import { asArray, asRecord, asString } from '../../k8s/access.js';
import { type ContainerView, describeContainer, type PodView } from '../../k8s/workloads.js';

/*
 * The command line of a control-plane container, read the way its binary reads it. Kubernetes
 * components parse flags with spf13/pflag: `--flag=value`, `--flag value` (not for booleans, where
 * a bare `--flag` means true and the next word is an argument), the last occurrence wins, and list
 * and map flags (--enable-admission-plugins, --feature-gates) accumulate over occurrences. etcd uses
 * Go's flag package, which also accepts a single dash, and reads ETCD_<FLAG> environment variables
 * for flags not given on the command line.
 *
 * The binary is recognised by the name of the first word (command[0], or args[0] without a command):
 * `kube-apiserver`, `/usr/local/bin/etcd`, `kubelet`, or hyperkube's `hyperkube kube-apiserver`. Shell wrappers
 * (`sh -c "kube-apiserver ..."`) are not read: their flags may come from variables this scan cannot see.
 */

export type Component = 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'etcd' | 'kubelet' | 'kube-proxy';

const BINARIES: Readonly<Record<string, Component>> = {
  'kube-apiserver': 'kube-apiserver',
  'kube-controller-manager': 'kube-controller-manager',
  'kube-scheduler': 'kube-scheduler',
  etcd: 'etcd',
  kubelet: 'kubelet',
  'kube-proxy': 'kube-proxy',
};

/** hyperkube's sub-commands, in both the old short and the later full form. */
const HYPERKUBE_COMMANDS: Readonly<Record<string, Component>> = {
  apiserver: 'kube-apiserver',
  'kube-apiserver': 'kube-apiserver',
  'controller-manager': 'kube-controller-manager',
  'kube-controller-manager': 'kube-controller-manager',
  scheduler: 'kube-scheduler',
  'kube-scheduler': 'kube-scheduler',
  kubelet: 'kubelet',
  proxy: 'kube-proxy',
  'kube-proxy': 'kube-proxy',
};

/** One `--name=value` argument and the field that writes it. */
export interface Argument {
  readonly name: string;
  readonly value: string;
  readonly path: Path;
}

/** A flag's value and the field to point at: the `--flag=value` word, the word after `--flag`, or an env value. */
export interface FlagValue {
  readonly value: string | undefined;
  readonly path: Path;
  /** How the value reads in a message: `--profiling=true`, or `ETCD_AUTO_TLS=true`. */
  readonly source: string;
}

/** One word of a command line and the field that writes it. */
export interface Word {
  readonly text: string;
  readonly path: Path;
}

interface FlagWord {
  readonly name: string;
  /** The text after `=`; undefined for `--flag` alone. */
  readonly inline: string | undefined;
  readonly path: Path;
  /** The following word when it does not look like a flag: the value of a non-boolean `--flag value`. */
  readonly next: Word | undefined;
}

/** The flags of one container running a control-plane binary. */
/** Every control-plane check reads the same pods' command lines: parsed once per pod. */
const commandLines = new WeakMap<PodView, readonly CommandLine[]>();

export class CommandLine {
  private constructor(
    readonly component: Component,
    /** Where the component runs, completing a finding's opening: `in container "api"`. */
    readonly where: string,
    private readonly flags: readonly FlagWord[],
    /** The command or args list that holds the flags: where a missing flag belongs. */
    readonly listPath: Path,
    private readonly env: ReadonlyMap<string, FlagValue>,
  ) {}

  /** The command line of `container` when it runs a control-plane binary. */
  static of(container: ContainerView): CommandLine | undefined {
    const words = wordsOf(container);
    const start = binaryOf(words);
    if (!start) return undefined;
    const flags = parseFlags(words.slice(start.firstFlag), start.component === 'etcd');
    const listPath = (flags.at(-1) ?? words[0])?.path.slice(0, -1) ?? [...container.path, 'command'];
    const env = start.component === 'etcd' ? etcdEnvironment(container) : new Map<string, FlagValue>();
    return new CommandLine(start.component, `in ${describeContainer(container)}`, flags, listPath, env);
  }

  /**
   * A command line written as `--name=value` arguments, as kubeadm writes the static pod manifests
   * and the kubelet's flags from its configuration. `listPath` is where a missing flag belongs.
   */
  static ofArguments(component: Component, args: readonly Argument[], listPath: Path, where: string): CommandLine {
    const flags = args.map((a) => ({ name: a.name, inline: a.value, path: a.path, next: undefined }));
    return new CommandLine(component, where, flags, listPath, new Map());
  }

  /**
   * A command line given as words (its binary first), as a kubeadm patch leaves a static pod's;
   * undefined when the first words run no control-plane binary.
   */
  static ofWords(words: readonly Word[], listPath: Path, where: string): CommandLine | undefined {
    const start = binaryOf(words);
    if (!start) return undefined;
    return new CommandLine(start.component, where, parseFlags(words.slice(start.firstFlag), start.component === 'etcd'), listPath, new Map());
  }

  /** Every control-plane command line of a pod, e.g. the one container of a static pod. */
  static allOf(pod: PodView): readonly CommandLine[] {
    let lines = commandLines.get(pod);
    if (!lines) commandLines.set(pod, (lines = pod.containers.map((c) => CommandLine.of(c)).filter((c): c is CommandLine => c !== undefined)));
    return lines;
  }

  /** How to name an unset flag: etcd would also have taken it from its environment variable. */
  unsetName(name: string): string {
    return this.component === 'etcd' ? `--${name} (or ETCD_${name.toUpperCase().replaceAll('-', '_')})` : `--${name}`;
  }

  has(name: string): boolean {
    return this.flags.some((f) => f.name === name) || this.env.has(name);
  }

  /** The effective value of a boolean flag: bare `--flag` is true; the word after it is not its value. */
  bool(name: string): FlagValue | undefined {
    const flag = this.flags.findLast((f) => f.name === name);
    if (flag) return { value: flag.inline ?? 'true', path: flag.path, source: flag.inline === undefined ? `--${name} (true)` : `--${name}=${flag.inline}` };
    return this.env.get(name);
  }

  /** The effective value of a string or number flag (the last occurrence wins). */
  value(name: string): FlagValue | undefined {
    const flag = this.flags.findLast((f) => f.name === name);
    return flag ? valueOf(flag) : this.env.get(name);
  }

  /** Every occurrence of a list or map flag, in order: their elements accumulate. */
  values(name: string): FlagValue[] {
    return this.flags.filter((f) => f.name === name).map(valueOf);
  }
}

/** The flags a Go program reads from a container's command and args, whatever the binary. */
export interface ContainerFlags {
  /** A boolean flag's value as written (a bare flag is "true"), the last occurrence winning. */
  bool(name: string): string | undefined;
  /** A string flag's value (`--flag=value` or `--flag value`), the last occurrence winning. */
  value(name: string): string | undefined;
}

/** Reads a container's flags as pflag does, and also with a single dash when `singleDash` (Go's flag package). */
export function containerFlags(container: ContainerView, singleDash: boolean): ContainerFlags {
  const flags = parseFlags(wordsOf(container), singleDash);
  const last = (name: string) => flags.findLast((f) => f.name === name);
  return {
    bool: (name) => {
      const flag = last(name);
      return flag && (flag.inline ?? 'true');
    },
    value: (name) => {
      const flag = last(name);
      return flag && valueOf(flag).value;
    },
  };
}

function valueOf(flag: FlagWord): FlagValue {
  if (flag.inline !== undefined) return { value: flag.inline, path: flag.path, source: `--${flag.name}=${flag.inline}` };
  if (flag.next) return { value: flag.next.text, path: flag.next.path, source: `--${flag.name} ${flag.next.text}` };
  return { value: undefined, path: flag.path, source: `--${flag.name}` };
}

/** The string words of command then args, each with its path; other values keep their index but are skipped. */
function wordsOf(container: ContainerView): Word[] {
  const words: Word[] = [];
  for (const field of ['command', 'args']) {
    asArray(container.body[field]).forEach((item, index) => {
      if (typeof item === 'string') words.push({ text: item, path: [...container.path, field, index] });
    });
  }
  return words;
}

function binaryOf(words: readonly Word[]): { component: Component; firstFlag: number } | undefined {
  const first = words[0]?.text ?? '';
  // A flag is not a binary, even when its value is a path that ends in one (`--kubelet-service=kube-system/kubelet`).
  if (first.startsWith('-')) return undefined;
  const name = first.slice(first.lastIndexOf('/') + 1);
  const component = BINARIES[name];
  if (component) return { component, firstFlag: 1 };
  if (name !== 'hyperkube') return undefined;
  const sub = HYPERKUBE_COMMANDS[words[1]?.text ?? ''];
  return sub ? { component: sub, firstFlag: 2 } : undefined;
}

function parseFlags(words: readonly Word[], singleDash: boolean): FlagWord[] {
  const flags: FlagWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word) continue;
    if (word.text === '--') break;
    const name = flagText(word.text, singleDash);
    if (name === undefined) continue;
    const eq = name.indexOf('=');
    const following = words[i + 1];
    // pflag gives a flag that takes a value the next word whatever it is (`--audit-log-maxage -1`);
    // a word that starts with `--` is taken for the next flag, as a well-formed command line has it.
    const next = eq === -1 && following && !following.text.startsWith(singleDash ? '-' : '--') ? following : undefined;
    flags.push({ name: eq === -1 ? name : name.slice(0, eq), inline: eq === -1 ? undefined : name.slice(eq + 1), path: word.path, next });
  }
  return flags;
}

/** `--name[=value]` without its dashes; `-name` too for Go's flag package. */
function flagText(text: string, singleDash: boolean): string | undefined {
  if (text.startsWith('--') && text.length > 2) return text.slice(2);
  if (singleDash && text.startsWith('-') && text.length > 1) return text.slice(1);
  return undefined;
}

/**
 * etcd reads ETCD_CLIENT_CERT_AUTH for --client-cert-auth; a value from a secret counts as set,
 * value unknown. An empty variable (`value: ""`, or neither value nor valueFrom, which Kubernetes
 * sets to "") is ignored: etcd only applies variables that are not empty.
 */
function etcdEnvironment(container: ContainerView): Map<string, FlagValue> {
  const env = new Map<string, FlagValue>();
  asArray(container.body.env).forEach((item, index) => {
    const entry = asRecord(item);
    const name = asString(entry?.name);
    if (!entry || !name?.startsWith('ETCD_')) return;
    const flag = name.slice('ETCD_'.length).toLowerCase().replaceAll('_', '-');
    const value = asString(entry.value);
    if ((value ?? '') === '' && (entry.valueFrom === undefined || entry.valueFrom === null)) return;
    const path = [...container.path, 'env', index, value === undefined ? 'name' : 'value'];
    env.set(flag, { value, path, source: `${name}=${value ?? '(from a reference)'}` });
  });
  return env;
}
