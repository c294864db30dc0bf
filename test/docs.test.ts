import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRulesMarkdown } from '../src/checks/docs.js';
import { CHECKS } from '../src/checks/index.js';
import { loadConfigFile } from '../src/config/load.js';
import { resolvePolicy } from '../src/config/resolve.js';
import { tempDir } from './helpers/temp.js';

describe('docs/rules.md', () => {
  it('is up to date with the rule registry (regenerate with `npm run docs`)', () => {
    const committed = readFileSync(path.join(import.meta.dirname, '../docs/rules.md'), 'utf8');
    expect(committed).toBe(renderRulesMarkdown(CHECKS.all()));
  });
});

describe('.rampart.yaml examples in the docs', () => {
  // Every YAML block of these pages is a configuration file, except the object annotations.
  const pages = ['configuration.md', 'admission.md', 'pod-security-standards.md'];
  const examples = pages.flatMap((page) => {
    const markdown = readFileSync(path.join(import.meta.dirname, '../docs', page), 'utf8');
    const blocks = [...markdown.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
    return blocks.filter((block) => !block.startsWith('metadata:')).map((text, i) => ({ name: `${page}, example ${i + 1}`, text }));
  });

  it('load and resolve without an error (an unknown rule id is one)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const dir = tempDir();
    examples.forEach(({ name, text }, i) => {
      const file = path.join(dir, `example-${i}.yaml`);
      writeFileSync(file, text);
      const loaded = loadConfigFile(file);
      if (!loaded.ok) throw new Error(`${name}: ${loaded.error.message}`);
      const resolved = resolvePolicy(loaded.value.config, CHECKS, { today: '2026-06-01' }, file);
      expect(resolved.ok ? [] : resolved.errors.map((e) => e.message), name).toEqual([]);
    });
  });
});
