import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRulesMarkdown } from '../src/checks/docs.js';
import { CHECKS } from '../src/checks/index.js';

describe('docs/rules.md', () => {
  it('is up to date with the rule registry (regenerate with `npm run docs`)', () => {
    const committed = readFileSync(path.join(import.meta.dirname, '../docs/rules.md'), 'utf8');
    expect(committed).toBe(renderRulesMarkdown(CHECKS.all()));
  });
});
