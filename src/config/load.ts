import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { z } from 'zod';
import { fail, ok, type Result } from '../core/result.js';
import { loadGoYaml } from '../k8s/yaml/kubernetes-schema.js';
import { parseManifests } from '../k8s/yaml/parse.js';
import { unreadable } from '../inputs/files.js';
import { type ConfigFile, configSchema } from './schema.js';

export const CONFIG_FILE_NAMES = ['.rampart.yaml', '.rampart.yml'];

export interface LoadedConfig {
  readonly file: string | undefined;
  readonly config: ConfigFile;
}

export const DEFAULT_CONFIG: ConfigFile = configSchema.parse({});

/** Looks for `.rampart.yaml` in `start` (a file's directory or a directory) and each parent. */
export function findConfigUpward(start: string): string | undefined {
  let dir = path.resolve(start);
  if (existsSync(dir) && statSync(dir).isFile()) dir = path.dirname(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function loadConfigFile(file: string): Result<LoadedConfig> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail({ code: 'config-unreadable', message: `cannot read config: ${unreadable(error)}`, location: { file } });
  }
  let raw: unknown;
  try {
    raw = loadGoYaml(text, { filename: file }) ?? {};
  } catch (error) {
    const mark = error instanceof yaml.YAMLException ? (error.mark as { line?: number; column?: number }) : undefined;
    const reason = error instanceof yaml.YAMLException ? error.reason : String(error);
    return fail({ code: 'config-invalid', message: `invalid YAML: ${reason}`, location: { file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 } });
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    const path = (issue?.path ?? []).filter((key): key is string | number => typeof key !== 'symbol');
    return fail({ code: 'config-invalid', message: `invalid config${where}: ${issue?.message ?? z.prettifyError(parsed.error)}`, location: { file, ...lineOf(text, file, path) } });
  }
  return ok({ file, config: parsed.data });
}

/**
 * Where the setting at `path` of a configuration file is written, for errors found after loading
 * (a rule's parameters, an unknown rule id); nothing when the file cannot be read again.
 */
export function locateInConfigFile(file: string, path: readonly (string | number)[]): { line?: number; column?: number } {
  try {
    return lineOf(readFileSync(file, 'utf8'), file, path);
  } catch {
    return {};
  }
}

/** Where the setting at `path` is written (the nearest enclosing one that is, for a missing key). */
function lineOf(text: string, file: string, path: readonly (string | number)[]): { line?: number; column?: number } {
  const document = parseManifests(text, file).documents[0];
  return document ? document.locator.locate(path) : {};
}
