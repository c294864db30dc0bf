import type { Command } from 'commander';

/** What a command needs from its surroundings; injected so tests can run commands in-process. */
export interface CommandIO {
  readonly stdoutIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes user-facing errors: one line each, no stack traces. */
  error(line: string): void;
}

export interface OptionSpec {
  readonly flags: string;
  readonly description: string;
  readonly defaultValue?: string | boolean | string[];
  /** Allows the option more than once (values collected in order, commas split). */
  readonly repeatable?: boolean;
  /** A repeatable option whose values are taken whole, commas included (globs: `{a,b}`). */
  readonly keepCommas?: boolean;
  readonly choices?: readonly string[];
  /** The option names a file the command writes: an empty name is refused (one line, exit 2). */
  readonly writesFile?: boolean;
}

/** A CLI command declared as data: its flags, and an action that returns the exit code. */
export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly arguments?: string;
  readonly options: readonly OptionSpec[];
  readonly subcommands?: readonly CommandSpec[];
  readonly examples?: readonly string[];
  run?(args: string[], options: Record<string, unknown>, io: CommandIO, command: Command): Promise<number> | number;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

export type CommandRun = NonNullable<CommandSpec['run']>;

/**
 * A command action kept in a module of its own and loaded only when the command runs, so that
 * what it needs (a server, a rules engine, their packages) does not slow down every command's start.
 */
export function runFrom(load: () => Promise<{ run: CommandRun }>): CommandRun {
  return async (args, options, io, command) => (await load()).run(args, options, io, command);
}
