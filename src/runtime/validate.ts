import { type EngineOptions, type RulesFile, loadRules } from './engine.js';
import type { LoadMessage } from './rules/load-result.js';
import { formatLoadMessage } from './rules/load-result.js';

export interface FileValidation {
  readonly name: string;
  readonly successful: boolean;
  readonly errors: readonly LoadMessage[];
  readonly warnings: readonly LoadMessage[];
}

/**
 * Validates rules files the way `falco -V a.yaml b.yaml` does: file N is checked together with
 * every file before it, and what loading it adds (new errors, its own warnings) is its result.
 * So an append in b.yaml that breaks a macro of a.yaml makes b.yaml invalid, not a.yaml.
 */
export function validateRulesFiles(files: readonly RulesFile[], options: EngineOptions = {}): FileValidation[] {
  const out: FileValidation[] = [];
  let seen = new Set<string>();
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (!file) continue;
    const { messages } = loadRules(files.slice(0, i + 1), options);
    const keys = new Set(messages.map(formatLoadMessage));
    const fresh = messages.filter((m) => !seen.has(formatLoadMessage(m)));
    const errors = fresh.filter((m) => m.severity === 'error');
    const warnings = fresh.filter((m) => m.severity === 'warning');
    out.push({ name: file.name, successful: errors.length === 0, errors, warnings });
    seen = keys;
  }
  return out;
}
