import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { COMMANDS } from './commands.js';
import type { CommandIO, CommandSpec } from './command.js';
import { VERSION } from '../package-files.js';
import { ReportFileError } from '../report/write.js';

const collect = (value: string, previous: string[] | undefined) => [
  ...(previous ?? []),
  ...value.split(',').map((s) => s.trim()).filter((s) => s !== ''),
];

const collectWhole = (value: string, previous: string[] | undefined) => [...(previous ?? []), ...(value.trim() === '' ? [] : [value.trim()])];

function collectChecked(choices: readonly string[] | undefined, keepCommas: boolean) {
  return (value: string, previous: string[] | undefined) => {
    const values = (keepCommas ? collectWhole : collect)(value, previous);
    // `--rule "$RULES"` with RULES empty would otherwise mean "no restriction" without a word.
    if (values.length === (previous?.length ?? 0)) throw new InvalidArgumentError('expects a value, got an empty one.');
    if (choices && values.some((v) => !choices.includes(v))) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    return values;
  };
}

function build(spec: CommandSpec, parent: Command, io: CommandIO, exit: { code: number }): void {
  const command = parent.command(spec.name).description(spec.description);
  if (spec.arguments) command.arguments(spec.arguments);
  for (const o of spec.options) {
    const option = new Option(o.flags, o.description);
    if (o.choices) option.choices([...o.choices]);
    // Replaces the parser choices() installs, so a repeatable option checks each of its values itself.
    if (o.repeatable) option.argParser(collectChecked(o.choices, o.keepCommas === true));
    if (o.defaultValue !== undefined) option.default(o.defaultValue);
    command.addOption(option);
  }
  if (spec.examples?.length) command.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  for (const sub of spec.subcommands ?? []) build(sub, command, io, exit);
  const run = spec.run;
  const writesFile = spec.options.filter((o) => o.writesFile === true).map((o) => new Option(o.flags, o.description));
  if (run) {
    command.action(async (...received: unknown[]) => {
      const cmd = received[received.length - 1] as Command;
      const options = cmd.opts();
      const args = cmd.args;
      // `-o ""` (an unset variable in a script) would otherwise fail later as "cannot write : ...".
      const unnamed = writesFile.find((o) => options[o.attributeName()] === '');
      if (unnamed) {
        io.error(`${commandPath(cmd)}: ${unnamed.long ?? unnamed.flags} needs a file name (- for standard output)`);
        exit.code = 2;
        return;
      }
      try {
        exit.code = await run(args, options, io, cmd);
      } catch (error) {
        // Every command reports an unwritable report file the same way: one line, exit 2.
        if (!(error instanceof ReportFileError)) throw error;
        io.error(`${commandPath(cmd)}: ${error.message}`);
        exit.code = 2;
      }
    });
  }
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function createProgram(io: CommandIO, exit: { code: number }): Command {
  const program = new Command('rampart')
    .description('Security scanner and policy engine for Kubernetes')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    // Program options only before the command, so `pss check --version v1.30` is the command's.
    .enablePositionalOptions()
    .exitOverride();
  program.configureOutput({ writeErr: (s) => io.error(s.trimEnd()) });
  for (const spec of COMMANDS) build(spec, program, io, exit);
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

/** Runs the CLI; returns the exit code (0 clean, 1 findings at/above --fail-on, 2 usage or input error). */
export async function main(argv: readonly string[], io: CommandIO = processIO()): Promise<number> {
  const exit = { code: 0 };
  const program = createProgram(io, exit);
  try {
    await program.parseAsync([...argv]);
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      if (error.code === 'commander.executeSubCommandAsync') return exit.code;
      return 2;
    }
    io.error(`rampart: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

let quietOnClosedStdout = false;

function processIO(): CommandIO {
  if (!quietOnClosedStdout) {
    // A reader that stops early (`rampart scan --help | head`) closes the pipe: the rest of the
    // output has nowhere to go, which is not an error worth a stack trace.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
    quietOnClosedStdout = true;
  }
  return {
    stdoutIsTTY: process.stdout.isTTY === true,
    env: process.env,
    error: (line) => process.stderr.write(`${line}\n`),
  };
}
