import type { SourceLocation } from './location.js';

/** An expected failure, reported to the user as one line; never thrown. */
export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly location?: SourceLocation;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Problem };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: Problem): Result<T> => ({ ok: false, error });

export function formatProblem(problem: Problem): string {
  const where = problem.location ? `${formatLocation(problem.location)}: ` : '';
  return `${where}${problem.message}`;
}

function formatLocation(location: SourceLocation): string {
  if (location.line === undefined) return location.file;
  return `${location.file}:${location.line}:${location.column ?? 1}`;
}
