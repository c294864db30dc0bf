import { describe, expect, it } from 'vitest';
import { globMatch } from '../../src/runtime/condition/glob.js';
import { matcher } from './helpers.js';

const ev = { 'evt.type': 'open', 'proc.name': 'Cat', 'proc.cmdline': 'cat /etc/shadow', 'fd.name': '/etc/shadow', 'proc.pid': 42, 'fd.cport': null, 'evt.is_open_read': true, 'fd.cip': '10.1.2.3', 'fd.sip': '192.168.0.9', 'evt.buffer': 'ab/bin' };

const holds = (condition: string, event: Record<string, unknown> = ev) => {
  const m = matcher(condition);
  expect(m.errors).toEqual([]);
  return m.matches(event);
};

describe('comparison operators', () => {
  it.each([
    ['proc.name = Cat', true],
    ['proc.name == Cat', true],
    ['proc.name != Cat', false],
    ['proc.name contains at', true],
    ['proc.name icontains CA', true],
    ['proc.name startswith Ca', true],
    ['proc.name endswith at', true],
    ['fd.name glob "/etc/*"', true],
    ['fd.name glob "/etc/[a-s]hadow"', true],
    ['fd.name iglob "/ETC/SHADOW"', true],
    ['proc.name regex "[A-Z]at"', true],
    ['proc.name regex "at"', false],
    ['proc.name > 5', true],
    ['proc.name < 5', false],
    ['proc.pid = 42', true],
    ['proc.pid > 41', true],
    ['proc.pid <= 41', false],
    ['proc.pid in (1, 42)', true],
    ['proc.pid = 0x2a', true],
    ['evt.is_open_read = true', true],
    ['fd.name in (/etc/passwd, /etc/shadow)', true],
    ['fd.name intersects (/etc/shadow)', true],
    ['fd.name pmatch (/etc)', true],
    ['fd.name pmatch (/et)', false],
    ['fd.net = 10.1.0.0/16', true],
    ['fd.net in ("127.0.0.1/24", "192.168.0.0/24")', true],
    ['fd.cip = 10.1.2.3', true],
    ['evt.buffer bcontains 2f62696e', true],
    ['evt.buffer bstartswith 6162', true],
    ['tolower(proc.name) = cat', true],
    ['toupper(proc.name) = CAT', true],
    ['basename(fd.name) = shadow', true],
    ['len(proc.name) = 3', true],
    ['b64(proc.name) exists', false],
    ['proc.cmdline contains val(fd.name)', true],
    ['proc.name = val(fd.name)', false],
  ])('%s → %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it('a comparison on a missing field is false, negated it is true', () => {
    expect(holds('fd.cport = 80')).toBe(false);
    expect(holds('fd.cport != 80')).toBe(false);
    expect(holds('not fd.cport = 80')).toBe(true);
    expect(holds('fd.cport exists')).toBe(false);
    expect(holds('proc.name exists')).toBe(true);
  });

  it('rejects what libsinsp rejects at load time', () => {
    expect(matcher('proc.name < D').errors[0]?.message).toMatch(/^expected a number value/);
    expect(matcher('proc.pid contains 4').errors[0]?.message).toBe("'contains' not supported for numeric filters");
    expect(matcher('proc.pid = abc').errors[0]?.message).toBe("'abc' is not a valid number");
    expect(matcher('proc.nobody = x').errors[0]?.message).toBe('filter_check called with nonexistent field proc.nobody');
    expect(matcher('evt.type = nosuchevent').errors[0]?.message).toBe('unknown event type nosuchevent');
    expect(matcher('proc.name regex "(a"').errors[0]?.code).toBe('LOAD_ERR_COMPILE_CONDITION');
    expect(matcher('proc.name bcontains 2f').errors[0]?.message).toBe("'bcontains' not supported for string filters");
  });

  it('runs a catastrophic-backtracking regex in linear time (RE2 semantics)', () => {
    const m = matcher('proc.cmdline regex "(a+)+$"');
    const start = performance.now();
    expect(m.matches({ ...ev, 'proc.cmdline': `${'a'.repeat(5000)}!` })).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('glob (fnmatch without flags)', () => {
  it.each([
    ['*', '/a/b', true],
    ['/a/?', '/a/b', true],
    ['[!a]x', 'bx', true],
    ['[^a]x', 'ax', false],
    ['[[:digit:]]z', '7z', true],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['*.log', 'x.log.1', false],
    ['[a-c]', 'b', true],
    ['[', '[', true],
  ])('%s ~ %s → %s', (p, s, expected) => {
    expect(globMatch(p, s)).toBe(expected);
  });
});
