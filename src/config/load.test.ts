import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp.js';
import { loadConfigFile } from './load.js';

const dir = tempDir('rampart-config-');

function problemOf(name: string, text: string) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  const loaded = loadConfigFile(file);
  if (loaded.ok) throw new Error(`${name} loaded`);
  return loaded.error;
}

describe('an invalid .rampart.yaml', () => {
  it('names the setting, says what it accepts, and points at the line where it is written', () => {
    expect(problemOf('fail-on.yaml', 'minSeverity: low\nfailOn: extreme\n')).toEqual({
      code: 'config-invalid',
      message: 'invalid config at failOn: Invalid option: expected one of "info"|"low"|"medium"|"high"|"critical"|"never"',
      location: { file: path.join(dir, 'fail-on.yaml'), line: 2, column: 1 },
    });
    expect(problemOf('rule.yaml', 'rules:\n  privileged-container: off\n  image-tag-latest: maybe\n')).toMatchObject({
      message: 'invalid config at rules.image-tag-latest: expected on, off, a severity (info, low, medium, high, critical) or a mapping of enabled, severity and params',
      location: { line: 3, column: 3 },
    });
    expect(problemOf('severity.yaml', 'rules:\n  image-tag-latest: {severity: ultra}\n')).toMatchObject({
      message: expect.stringMatching(/^invalid config at rules\.image-tag-latest: severity: Invalid option: expected one of "info"/),
      location: { line: 2, column: 3 },
    });
    expect(problemOf('expiry.yaml', 'exemptions:\n  - rules: [host-network]\n    reason: approved\n    expires: 20270101\n')).toMatchObject({
      message: 'invalid config at exemptions.0.expires: expected a date as YYYY-MM-DD',
      location: { line: 4, column: 5 },
    });
  });
});
