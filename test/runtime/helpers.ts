import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadRules, type Alert, type EngineOptions } from '../../src/runtime/engine.js';
import { jsonFieldsDecoder } from '../../src/runtime/inputs/events.js';
import type { LoadMessage } from '../../src/runtime/rules/load-result.js';

/** A one-rule ruleset over the JSON-field (syscall) source, evaluated on flat field events. */
export function matcher(condition: string, extra = '', options: EngineOptions = {}) {
  const content = `${extra}\n- rule: r\n  desc: d\n  condition: ${JSON.stringify(condition)}\n  output: "out %proc.name"\n  priority: INFO\n  warn_evttypes: false\n`;
  const loaded = loadRules([{ name: 'rules.yaml', content }], { hostname: 'h', ...options });
  const errors = loaded.messages.filter((m) => m.severity === 'error');
  return {
    errors,
    matches(event: Record<string, unknown>): boolean {
      const [e] = jsonFieldsDecoder('syscall').decode(JSON.stringify(event), () => 0n);
      if (!e?.ok) throw new Error('bad event');
      return loaded.engine.process('syscall', e.payload, e).length > 0;
    },
  };
}

export function alertsOf(content: string, source: string, payloads: readonly unknown[], options: EngineOptions = {}): Alert[] {
  const loaded = loadRules([{ name: 'rules.yaml', content }], { hostname: 'h', ...options });
  const errors = loaded.messages.filter((m) => m.severity === 'error');
  if (errors.length > 0) throw new Error(JSON.stringify(errors));
  return payloads.flatMap((p) => loaded.engine.process(source, p, 1_000_000_000n));
}

/** Loads a rules file of test/runtime/fixtures/falco-loader (rules files as Falco users write them). */
export function loadLoaderFixture(file: string) {
  const content = readFileSync(path.join(import.meta.dirname, 'fixtures', 'falco-loader', file), 'utf8');
  return loadRules([{ name: file, content }], { hostname: 'h' });
}

/** A `create` of a ConfigMap by `user` in `namespace`: the names of the rules it fires. */
export function rulesFiredByCreate(loaded: ReturnType<typeof loadRules>, user: string, namespace: string): string[] {
  const event = { kind: 'Event', auditID: `${user}-${namespace}`, verb: 'create', user: { username: user }, objectRef: { resource: 'configmaps', namespace, name: 'c' }, stageTimestamp: '2024-01-01T00:00:00Z' };
  return loaded.engine.process('k8s_audit', event, 1n).map((a) => a.rule);
}

/** The parts of a load message a test compares. */
export const briefMessage = (m: LoadMessage) => ({ severity: m.severity, code: m.code, item: m.itemName, message: m.message });
