import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { queryObject } from './query.js';
import { multiLineText, newSecretText, secretText, singleLineText } from './text.js';

const problems = (schema: z.ZodType, value: unknown) =>
  schema.safeParse(value).error?.issues.map((issue) => issue.message) ?? [];

describe('API text', () => {
  const name = singleLineText({ max: 20 });

  it('takes ordinary names in any script, trimmed', () => {
    expect(name.parse('  Équipe Ouest ')).toBe('Équipe Ouest');
    expect(name.parse('営業チーム')).toBe('営業チーム');
    expect(name.parse('فريق')).toBe('فريق');
  });

  it.each([
    ['NUL', 'Acme\u0000', 'U+0000 at character 5'],
    ['escape', 'A\u001b[31mB', 'U+001B at character 2'],
    ['newline', 'Acme\nCorp', 'U+000A'],
    ['DEL', 'Acme\u007f', 'U+007F'],
    ['C1 control', 'Acme\u0085', 'U+0085'],
  ])('refuses %s in one-line text', (_what, value, where) => {
    expect(problems(name, value)).toEqual([
      expect.stringContaining(`must not contain control characters (${where}`),
    ]);
  });

  it.each(['202A', '202B', '202C', '202D', '202E', '2066', '2067', '2068', '2069'])(
    'refuses the bidirectional control U+%s in names',
    (hex) => {
      expect(problems(name, `evil${String.fromCodePoint(parseInt(hex, 16))}gpj.exe`)).toEqual([
        expect.stringMatching(/^must not contain bidirectional control characters \(U\+20/),
      ]);
    },
  );

  it('keeps tab and newline in multi-line text, and only those', () => {
    const description = multiLineText({ max: 100 });
    expect(description.parse('First line\r\n\tsecond line\rthird')).toBe('First line\n\tsecond line\nthird');
    expect(problems(description, 'Notes\u0000')).toEqual([
      expect.stringContaining('must not contain control characters other than tab and newline (U+0000'),
    ]);
    expect(problems(description, 'Notes \u202e')).toHaveLength(1);
  });

  it('lets a password being checked hold anything but NUL; a new password only printable characters', () => {
    expect(secretText({ max: 50 }).parse(' pass\tword ')).toBe(' pass\tword ');
    expect(problems(secretText({ max: 50 }), 'pass\u0000word')).toEqual([
      'must not contain the NUL character (U+0000 at character 5)',
    ]);
    const fresh = newSecretText({ min: 10, max: 50 });
    expect(fresh.parse(' correct horse \u202e battery ')).toBe(' correct horse \u202e battery ');
    expect(problems(fresh, 'correct\thorse battery')).toHaveLength(1);
  });
});

describe('query strings', () => {
  const query = queryObject({
    limit: z.coerce.number().int().min(1).max(50).default(20),
    q: singleLineText({ max: 20, min: 0 }).optional(),
  });

  it('refuses a parameter given more than once, by name', () => {
    expect(query.safeParse({ limit: ['1', '2'], q: ['a', 'b'] }).error?.issues).toEqual([
      expect.objectContaining({ path: ['limit'], message: 'was given more than once; give it once' }),
      expect.objectContaining({ path: ['q'], message: 'was given more than once; give it once' }),
    ]);
    expect(query.parse({ limit: '5' })).toEqual({ limit: 5 });
  });
});
