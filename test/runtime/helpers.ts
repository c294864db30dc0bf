import { loadRules, type Alert, type EngineOptions } from '../../src/runtime/engine.js';
import { jsonFieldsDecoder } from '../../src/runtime/inputs/events.js';

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
