import { type ChildProcess, spawn } from 'node:child_process';
import type { Problem } from '../core/result.js';
import type { SourceLocation } from '../core/location.js';
import { cleanUpOnSignal } from '../core/signal-cleanup.js';

/*
 * Runs a program that renders manifests (helm template, kustomize build) and maps every way it
 * can fail to one line. Only a run that hangs is stopped: kustomize's time grows with the square
 * of the objects (6 s for 1,400 here), so the limit is generous.
 */
const TIMEOUT_MS = 600_000;
const MAX_OUTPUT_BYTES = 1 << 30;
/** Of its error output, only the end is kept: the message is on the last lines. */
const MAX_ERROR_BYTES = 1 << 20;
/**
 * How long, after the program exits, its output may take to reach its end. The program's own
 * writes are all in the pipe by then; only a process it started and left running (holding the
 * pipe open) keeps the end from coming, and Rampart does not wait for that one.
 */
const OUTPUT_GRACE_MS = 2_000;

export type RendererRun = { readonly ok: true; readonly stdout: string; readonly warnings: readonly Problem[] } | { readonly ok: false; readonly missing: true } | { readonly ok: false; readonly missing: false; readonly problem: Problem };

interface Exit {
  readonly stdout: Buffer[];
  readonly stderr: string;
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Why the run was stopped or could not start. */
  readonly error?: { readonly code?: string | undefined; readonly message: string };
  /** The output was cut off after the program exited: a process it left behind held it open. */
  readonly heldOpen: boolean;
}

/** Process groups are POSIX's: elsewhere only the program itself is signalled. */
const GROUPS = process.platform !== 'win32';

/**
 * Sends `signal` to the program and to every process it started that is still in its group (the
 * helm kustomize runs for a chart, helm's plugins), once the program itself has exited too; a
 * group already gone is no error.
 */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!GROUPS || child.pid === undefined) {
    child.kill(signal);
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // No process of the group is left.
  }
}

/**
 * Runs the program to its end without holding the event loop, so that several runs go on at
 * once and a signal to rampart stops them too (a run of a child process left to itself would go
 * on as an orphan after rampart ended). The program leads a process group of its own, and
 * stopping it stops that group: what it started (kustomize's helm) would go on otherwise.
 */
function runToEnd(program: string, args: readonly string[], env: NodeJS.ProcessEnv | undefined): Promise<Exit> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = Buffer.alloc(0);
    let error: Exit['error'];
    let heldOpen = false;
    let grace: NodeJS.Timeout | undefined;
    // The signal handlers are in place before the program starts: a signal that came between its
    // start and their setting up would end rampart at once, leaving the program running.
    const started: { child?: ChildProcess } = {};
    const cancelCleanup = cleanUpOnSignal(() => started.child && signalGroup(started.child, 'SIGTERM'));
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, detached: GROUPS, ...(env ? { env } : {}) });
    started.child = child;
    const stop = (why: Exit['error']) => {
      error ??= why;
      signalGroup(child, 'SIGKILL');
    };
    const timer = setTimeout(() => stop({ code: 'ETIMEDOUT', message: 'timed out' }), TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > MAX_OUTPUT_BYTES) stop({ code: 'ENOBUFS', message: 'too much output' });
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = Buffer.concat([stderr, chunk]);
      if (stderr.length > MAX_ERROR_BYTES) stderr = stderr.subarray(stderr.length - MAX_ERROR_BYTES);
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      error ??= { code: e.code, message: e.message };
    });
    let closed = false;
    child.on('exit', () => {
      grace = setTimeout(() => {
        // A loop turn first: what is still in the pipes is read in its poll phase, even when the
        // event loop was held for longer than the grace.
        setImmediate(() => {
          if (closed) return;
          heldOpen = true;
          // Destroying both pipes lets 'close' come with what was read.
          child.stdout.destroy();
          child.stderr.destroy();
        });
      }, OUTPUT_GRACE_MS);
    });
    child.on('close', (status, signal) => {
      closed = true;
      clearTimeout(timer);
      clearTimeout(grace);
      cancelCleanup();
      resolve({ stdout, stderr: stderr.toString('utf8'), status, signal, heldOpen, ...(error ? { error } : {}) });
    });
  });
}

/**
 * `what` names the run in messages (`helm template`); `codes` are those of a failure and of a
 * warning; `env`, the program's environment if not Rampart's.
 */
export async function runRenderer(
  program: string,
  args: readonly string[],
  what: string,
  codes: { readonly failed: string; readonly warning: string },
  where: SourceLocation,
  env?: NodeJS.ProcessEnv,
): Promise<RendererRun> {
  const code = codes.failed;
  const result = await runToEnd(program, args, env);
  const failure = (message: string): RendererRun => ({ ok: false, missing: false, problem: { code, message, location: where } });
  const errno = result.error?.code;
  if (errno === 'ENOENT' || errno === 'EACCES') return { ok: false, missing: true };
  if (errno === 'ETIMEDOUT') return failure(`${what} did not finish within ${TIMEOUT_MS / 60_000} minutes`);
  if (errno === 'ENOBUFS') return failure(`${what} wrote more than ${MAX_OUTPUT_BYTES / (1 << 30)} GiB`);
  if (result.error) return failure(`${what} could not run: ${result.error.message}`);
  if (result.status !== 0) return failure(`${what} failed: ${errorMessage(result.stderr) ?? (result.signal ? `ended by ${result.signal}` : `exit code ${String(result.status)}`)}`);
  let stdout: string;
  try {
    stdout = Buffer.concat(result.stdout).toString('utf8');
  } catch {
    // Longer than the longest string the JavaScript engine holds (about 512 MiB).
    return failure(`${what} wrote more than rampart can read at once`);
  }
  // As for a file: text with NUL bytes is no manifest.
  if (stdout.includes('\u0000')) return failure(`${what} wrote no text (its output contains NUL bytes)`);
  const messages = warningLines(result.stderr);
  if (result.heldOpen) messages.push(`a process it started kept its output open after it exited; read what it wrote until then`);
  const warnings = messages.map((message) => ({ code: codes.warning, message: `${what}: ${message}`, location: where }));
  return { ok: true, stdout, warnings };
}

/**
 * What the program warned of while it succeeded (a deprecated chart, a deprecated kustomization
 * field), one message per line, without the program's own markers: helm 3's `WARNING: `, helm
 * 4's `level=WARN msg="..."`, kustomize's `# Warning: `.
 */
function warningLines(stderr: string): string[] {
  const messages: string[] = [];
  for (const raw of stderr.split(/\r?\n/)) {
    let line = raw.trim().replace(/^#\s*/, '');
    const slog = /^(?:time=\S+\s+)?level=\w+\s+msg="((?:[^"\\]|\\.)*)"/.exec(line);
    if (slog) line = (slog[1] ?? '').replace(/\\(.)/g, '$1');
    line = line.replace(/^(?:warning|WARNING|Warning):\s*/, '');
    if (line !== '' && !messages.includes(line)) messages.push(line);
  }
  return messages;
}

/**
 * The program's own message, on one line: from its last `Error:` line to the next blank line
 * (helm 4 spreads a template error over several lines; warnings come before it, hints after),
 * else its last line.
 */
function errorMessage(stderr: string): string | undefined {
  const lines = stderr.split(/\r?\n/);
  // A Go program that crashed: its panic's message, not the last line of the stack trace after it.
  const panic = lines.find((l) => l.startsWith('panic: '));
  if (panic !== undefined) return `${panic.trim()} (the program crashed)`;
  const start = lines.findLastIndex((l) => l.startsWith('Error:'));
  if (start < 0) return lines.map((l) => l.trim()).findLast((l) => l !== '');
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines
    .slice(start, end < 0 ? undefined : end)
    .map((l) => l.trim())
    .join(' ')
    .replace(/^Error:\s*/, '');
}
