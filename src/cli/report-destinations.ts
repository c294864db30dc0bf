import { type Stats, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../core/finding.js';
import type { RenderOptions, ReportFormat, ReportHeader, ReportWriter } from '../report/format.js';
import { REPORT_FORMATS, reportFormat } from '../report/index.js';
import type { ScanReport } from '../report/model.js';
import { readBaseline } from '../scan/baseline.js';
import { type ReportOutput, ReportFileError, fileOutput, stdoutOutput } from '../report/write.js';
import type { OptionSpec } from './command.js';

/** `--report FORMAT=FILE`: more reports from the same run, beside the one on stdout or in `--output`. */
export const EXTRA_REPORT_OPTION: OptionSpec = {
  flags: '--report <format=file>',
  description: `also write a report in another format to a file, from the same run (repeatable), e.g. sarif=rampart.sarif; formats: ${[...REPORT_FORMATS.keys()].join(', ')}`,
  repeatable: true,
};

export interface ReportRequest {
  readonly format: ReportFormat;
  /** Standard output when undefined. */
  readonly file: string | undefined;
  readonly options: RenderOptions;
}

/** A file a command writes beside its reports (`--baseline-write`), checked with them; undefined for standard output. */
export interface OtherOutput {
  /** The option as given, for messages: `--baseline-write FILE`. */
  readonly option: string;
  readonly file: string | undefined;
}

/**
 * The reports `--format`/`--output` and `--report FORMAT=FILE` ask for, or a one-line message
 * saying what is wrong with them (an unknown format, a file named twice, two outputs to standard
 * output). `-` as a file is standard output. `others` are files written beside the reports.
 */
export function reportRequests(
  main: ReportRequest,
  extra: unknown,
  others: readonly OtherOutput[] = [],
): { ok: true; value: ReportRequest[] } | { ok: false; message: string } {
  const requests = [main];
  const named: OtherOutput[] = [{ option: main.file === undefined ? `the ${main.format.id} report` : `--output ${main.file}`, file: main.file }];
  const values = Array.isArray(extra) ? extra : [];
  for (const value of values) {
    const text = String(value);
    const at = text.indexOf('=');
    const format = at > 0 ? reportFormat(text.slice(0, at)) : undefined;
    const file = text.slice(at + 1);
    if (at <= 0 || file === '') return { ok: false, message: `--report expects FORMAT=FILE, e.g. sarif=rampart.sarif; got "${text}"` };
    if (!format) return { ok: false, message: `--report: unknown format "${text.slice(0, at)}" (formats: ${[...REPORT_FORMATS.keys()].join(', ')})` };
    const request = { format, file: file === '-' ? undefined : file, options: { ...main.options, color: false } };
    requests.push(request);
    named.push({ option: `--report ${text}`, file: request.file });
  }
  named.push(...others);
  const toStdout = named.filter((n) => n.file === undefined);
  if (toStdout.length > 1) return { ok: false, message: `${toStdout[0]?.option} and ${toStdout[1]?.option} both write to standard output; name a file for one of them` };
  const seen = new Map<string, OtherOutput>();
  for (const n of named) {
    if (n.file === undefined) continue;
    const key = fileKey(n.file);
    const before = seen.get(key);
    if (before) return { ok: false, message: `${before.option} and ${n.option} are the same file; name another file for one of them` };
    seen.set(key, n);
  }
  return { ok: true, value: requests };
}

/**
 * What tells files apart however they are named: the device and inode of an existing file (through
 * symbolic links, and the same for two hard links), else the real path of its directory and its name.
 */
function fileKey(file: string): string {
  try {
    const stats = statSync(file);
    return `inode ${stats.dev} ${stats.ino}`;
  } catch {
    // Not there yet (or not reachable: writing it will say why).
  }
  try {
    return `path ${path.join(realpathSync(path.dirname(file)), path.basename(file))}`;
  } catch {
    return `path ${path.resolve(file)}`;
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** Files a scan reads that its outputs must not replace, besides the files scanned. */
export interface ReadFiles {
  /** `--baseline FILE`: a report must not replace it; `--baseline-write` may (a baseline refreshed in place). */
  readonly baseline?: string;
  /** `--baseline-write FILE`, written after the reports: it must not replace a file scanned either. */
  readonly baselineWrite?: string;
}

/**
 * An output that is a file the scan read would replace it: a ReportFileError, before anything is
 * written. A baseline may replace a file scanned that holds a baseline (`rampart scan .
 * --baseline-write .rampart-baseline.json`, run again): that file is the baseline being refreshed.
 */
function refuseToReplaceInputs(requests: readonly ReportRequest[], inputFiles: readonly string[], read: ReadFiles): void {
  const outputs = [
    ...requests.flatMap((r) => (r.file === undefined ? [] : [{ file: r.file, what: 'report' }])),
    ...(read.baselineWrite === undefined ? [] : [{ file: read.baselineWrite, what: 'baseline' }]),
  ].flatMap((o) => {
    const stats = statOrUndefined(o.file);
    return stats?.isFile() ? [{ ...o, stats }] : [];
  });
  if (outputs.length === 0) return;
  const inputs = [
    ...(read.baseline === undefined ? [] : [{ file: read.baseline, why: `it is the baseline file read (--baseline ${read.baseline})`, baselineMayReplace: true }]),
    ...inputFiles.filter((f) => f !== '-').map((file) => ({ file, why: `it is a file being scanned (${file})`, baselineMayReplace: false })),
  ];
  for (const input of inputs) {
    const stats = statOrUndefined(input.file);
    if (!stats) continue;
    for (const output of outputs) {
      if (output.stats.dev !== stats.dev || output.stats.ino !== stats.ino) continue;
      if (output.what === 'baseline' && (input.baselineMayReplace || readBaseline(output.file).ok)) continue;
      throw new ReportFileError(`cannot write ${output.file}: ${input.why}; name another file for the ${output.what}`);
    }
  }
}

/**
 * Every report of one run: one writer the scan streams into, which hands each batch of findings
 * to every report. Files are written atomically; when anything fails, the reports not yet
 * complete are removed.
 */
export class ReportDestinations {
  private readonly outputs: ReportOutput[] = [];
  private finished = 0;

  constructor(
    private readonly requests: readonly ReportRequest[],
    private readonly read: ReadFiles = {},
  ) {}

  /** Whether a report lists every scanned object (JUnit). */
  get listObjects(): boolean {
    return this.requests.some((r) => r.format.listsObjects === true);
  }

  start(header: ReportHeader, inputFiles: readonly string[] = []): ReportWriter {
    refuseToReplaceInputs(this.requests, inputFiles, this.read);
    const writers: ReportWriter[] = [];
    for (const request of this.requests) {
      const output = request.file === undefined ? stdoutOutput() : fileOutput(request.file);
      this.outputs.push(output);
      writers.push(request.format.start(header, request.options, output));
    }
    if (writers.length === 1 && writers[0]) return writers[0];
    return {
      findings(batch: readonly Finding[]) {
        for (const w of writers) w.findings(batch);
      },
      end(report: ScanReport) {
        for (const w of writers) w.end(report);
      },
    };
  }

  finish(): void {
    for (; this.finished < this.outputs.length; this.finished++) this.outputs[this.finished]?.finish();
  }

  /** Removes what is not complete; never throws over the error that led here. */
  abort(): void {
    for (const output of this.outputs.slice(this.finished)) {
      try {
        output.abort();
      } catch {
        // The first error is the one to report.
      }
    }
    this.finished = this.outputs.length;
  }
}
