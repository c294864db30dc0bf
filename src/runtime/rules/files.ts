import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RulesFile } from '../engine.js';
import type { LoadMessage } from './load-result.js';
import { packageFile } from '../../package-files.js';

/** The rules file shipped with Rampart: Falco's official k8s_audit_rules.yaml (see data/runtime/README.md). */
export const BUNDLED_RULES = packageFile('data', 'runtime', 'k8s_audit_rules.yaml');
export const BUNDLED_NAME = 'builtin';

/** Reads rules files in order (`builtin` names the bundled k8s_audit_rules.yaml); a directory contributes its .yaml/.yml files sorted by name, as Falco's rules_file does. */
export function readRulesPaths(paths: readonly string[]): { files: RulesFile[]; messages: LoadMessage[] } {
  const files: RulesFile[] = [];
  const messages: LoadMessage[] = [];
  const readOne = (file: string) => {
    try {
      files.push({ name: file, content: readFileSync(file, 'utf8') });
    } catch (error) {
      const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
      messages.push({ severity: 'error', code: 'LOAD_ERR_FILE_READ', message: `cannot read rules file: ${reason}`, itemType: 'rules content', itemName: '', file });
    }
  };
  for (const p of paths) {
    if (p === BUNDLED_NAME) {
      files.push({ name: 'builtin:k8s_audit_rules.yaml', content: readFileSync(BUNDLED_RULES, 'utf8') });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      readOne(p);
      continue;
    }
    const entries = readdirSync(p)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort();
    for (const n of entries) readOne(path.join(p, n));
  }
  return { files, messages };
}
