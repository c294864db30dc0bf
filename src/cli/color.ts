import type { CommandIO } from './command.js';

/** Color only for a terminal, never with NO_COLOR; FORCE_COLOR or --color forces it on. */
export function useColor(io: CommandIO, flag: boolean | undefined, toFile: boolean): boolean {
  if (flag === false || toFile) return false;
  if (flag === true) return true;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY && io.env.TERM !== 'dumb';
}
