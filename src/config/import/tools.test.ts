import { describe, expect, it } from 'vitest';
import { CONFIG_IMPORTERS } from './index.js';
import { IMPORT_TOOLS } from './tools.js';

describe('the tools config import names in its help', () => {
  it('are the tools it has an importer for, in the same order', () => {
    expect(IMPORT_TOOLS.map((t) => t.id)).toEqual([...CONFIG_IMPORTERS.keys()]);
  });
});
