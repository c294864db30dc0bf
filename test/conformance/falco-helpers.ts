import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Alert, type EngineOptions, type LoadResult, loadRules } from '../../src/runtime/engine.js';
import type { EventDecoder } from '../../src/runtime/inputs/events.js';

export const FALCO_DIR = path.resolve(import.meta.dirname, 'falco');

export function loadFiles(paths: readonly string[], options: EngineOptions = {}): LoadResult {
  return loadRules(
    paths.map((p) => ({ name: path.basename(p), content: readFileSync(p, 'utf8') })),
    { hostname: 'test-falco-hostname', ...options },
  );
}

/** Runs every line of an events file through the engine; returns alerts and decode problems. */
export function replay(result: LoadResult, file: string, decoder: EventDecoder): { alerts: Alert[]; problems: string[] } {
  const alerts: Alert[] = [];
  const problems: string[] = [];
  const text = readFileSync(file, 'utf8');
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    for (const e of decoder.decode(line, () => 0n)) {
      if (!e.ok) problems.push(e.message);
      else alerts.push(...result.engine.process(decoder.source, e.payload, e));
    }
  }
  return { alerts, problems };
}

export function countByRule(alerts: readonly Alert[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of alerts) out[a.rule] = (out[a.rule] ?? 0) + 1;
  return out;
}
