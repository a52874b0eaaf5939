import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parseUserImportCsv, type UserImportOptions, type UserImportParse } from './users.import-csv.js';

const roles = ['Org Admin', 'Team Manager', 'Sales Rep'];
const teams = ['EMEA', 'West Coast'];

function parse(text: string | Buffer, overrides: Partial<UserImportOptions> = {}): UserImportParse {
  const file = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return parseUserImportCsv(file, { roles, teams, ...overrides });
}

/** Lines joined with `\n`, ending with one. */
function csv(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function messages(result: UserImportParse): string[] {
  return result.problems.map((problem) => problem.message);
}

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return order === 'le' ? le : Buffer.from(le).swap16();
}

describe('parseUserImportCsv: valid files', () => {
  it('returns canonical rows with the line each record starts on', () => {
    const result = parse(
      csv(
        'email,name,role,team',
        ' Jane.Doe@Example.COM , Jane Doe ,sales rep,emea',
        'raj@example.com,Raj Patel,ORG ADMIN,',
        'li@example.com,Li Wei,team_manager,west-coast',
      ),
    );
    expect(result).toEqual({
      rows: [
        { line: 2, email: 'jane.doe@example.com', name: 'Jane Doe', role: 'Sales Rep', team: 'EMEA' },
        { line: 3, email: 'raj@example.com', name: 'Raj Patel', role: 'Org Admin', team: null },
        { line: 4, email: 'li@example.com', name: 'Li Wei', role: 'Team Manager', team: 'West Coast' },
      ],
      problems: [],
      delimiter: ',',
      encoding: 'utf-8',
    });
  });

  it('needs no team column', () => {
    const result = parse(csv('email,name,role', 'a@example.com,A,Sales Rep'));
    expect(result.problems).toEqual([]);
    expect(result.rows[0]?.team).toBeNull();
  });

  it('matches headers regardless of case, spaces and underscores, with aliases, in any order', () => {
    const result = parse(
      csv('Team Name, ROLE_NAME ,Full name,Email Address,Notes', 'emea,Sales Rep,A,a@example.com,anything'),
    );
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, email: 'a@example.com', name: 'A', role: 'Sales Rep', team: 'EMEA' },
    ]);
    expect(parse(csv('E-mail,Name,Role', 'a@example.com,A,Sales Rep')).rows).toHaveLength(1);
  });

  it('ignores unknown extra columns', () => {
    const result = parse(csv('email,name,role,phone,title', 'a@example.com,A,Sales Rep,+1 555,"VP, Sales"'));
    expect(result.problems).toEqual([]);
    expect(result.rows).toHaveLength(1);
  });

  it('skips blank rows in the middle, rows of empty values and trailing empty lines', () => {
    const result = parse(
      'email,name,role\n\na@example.com,A,Sales Rep\n,,\n  \nb@example.com,B,Sales Rep\n\n\n\n',
    );
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.line)).toEqual([3, 6]);
  });

  it('counts CRLF, LF and lone CR line endings', () => {
    const text =
      'email,name,role\r\na@example.com,A,Sales Rep\rb@example.com,B,Sales Rep\nc@example.com,C,Sales Rep';
    expect(parse(text).rows.map((row) => row.line)).toEqual([2, 3, 4]);
  });
});

describe('parseUserImportCsv: encodings', () => {
  const text = csv('email,name,role,team', 'zoe@example.com,Zoë Ångström,Sales Rep,EMEA');
  const zoe = { line: 2, email: 'zoe@example.com', name: 'Zoë Ångström', role: 'Sales Rep', team: 'EMEA' };

  it('reads UTF-8 with a BOM, whose first header is still "email"', () => {
    const result = parse(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv('email,name,role'))]),
    );
    expect(messages(result)).toEqual(['The file has a header row but no user rows.']);
    const withRow = parse(`\uFEFF${csv('email,name,role', 'a@example.com,A,Sales Rep')}`);
    expect(withRow.problems).toEqual([]);
    expect(withRow.encoding).toBe('utf-8');
  });

  it('decodes UTF-16LE and UTF-16BE with a BOM', () => {
    expect(parse(utf16(text, 'le'))).toMatchObject({ rows: [zoe], problems: [], encoding: 'utf-16le' });
    expect(parse(utf16(text, 'be'))).toMatchObject({ rows: [zoe], problems: [], encoding: 'utf-16be' });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    const result = parse(Buffer.from(text, 'latin1'));
    expect(result).toMatchObject({ rows: [zoe], problems: [], encoding: 'windows-1252' });
  });

  it('rejects an Excel workbook with a clear message', () => {
    const xlsx = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64)]);
    expect(parse(xlsx)).toEqual({
      rows: [],
      problems: [{ line: 0, column: null, message: expect.stringContaining('export it as CSV') }],
      delimiter: '',
      encoding: '',
    });
    expect(messages(parse(xlsx))[0]).toMatch(/Excel workbook/);
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(messages(parse(xls))[0]).toMatch(/Excel 97-2003 workbook/);
  });

  it('rejects NUL bytes, UTF-16 without a BOM and UTF-32', () => {
    expect(messages(parse(Buffer.from('email,name\0,role\n')))[0]).toMatch(/binary data \(NUL bytes\)/);
    expect(messages(parse(Buffer.from(text, 'utf16le')))[0]).toMatch(/UTF-16 without a byte order mark/);
    const utf32 = Buffer.from([0xff, 0xfe, 0, 0, 0x65, 0, 0, 0]);
    expect(messages(parse(utf32))).toEqual([expect.stringMatching(/UTF-32/)]);
  });
});

describe('parseUserImportCsv: delimiters and quoting', () => {
  it.each([
    [';', 'a@example.com;"Doe, Jane";Sales Rep;EMEA'],
    ['\t', 'a@example.com\tDoe, Jane\tSales Rep\tEMEA'],
    ['|', 'a@example.com|"Doe, Jane"|Sales Rep|EMEA'],
    [',', 'a@example.com,"Doe, Jane",Sales Rep,EMEA'],
  ])('detects %j from the header line', (delimiter, row) => {
    const result = parse(csv(['email', 'name', 'role', 'team'].join(delimiter), row));
    expect(result.delimiter).toBe(delimiter);
    expect(result.problems).toEqual([]);
    expect(result.rows[0]?.name).toBe('Doe, Jane');
  });

  it('counts only delimiters outside quotes on the header line', () => {
    const result = parse(csv('"email;x";"name;y";"role, z"', 'a@example.com;A;Sales Rep'));
    expect(result.delimiter).toBe(';');
  });

  it("honours Excel's sep= line and numbers lines after it", () => {
    const result = parse(csv('sep=;', 'email;name;role;a,b,c,d', 'a@example.com;A;Sales Rep;'));
    expect(result).toMatchObject({ delimiter: ';', problems: [] });
    expect(result.rows[0]?.line).toBe(3);
  });

  it('reads embedded delimiters and escaped quotes', () => {
    const result = parse(csv('email,name,role', 'a@example.com,"Jane ""JJ"" Doe, Jr.",Sales Rep'));
    expect(result.rows[0]?.name).toBe('Jane "JJ" Doe, Jr.');
  });

  it('keeps quotes inside an unquoted value and spaces around a quoted one', () => {
    const result = parse(csv('email,name,role', 'a@example.com,Conan O"Brien,  "Sales Rep"  '));
    expect(result.problems).toEqual([]);
    expect(result.rows[0]).toMatchObject({ name: 'Conan O"Brien', role: 'Sales Rep' });
  });

  it('numbers a record after a quoted newline by the line it starts on', () => {
    const result = parse(
      csv(
        'email,name,role,notes',
        'a@example.com,A,Sales Rep,"first line',
        'second line',
        'third line"',
        'b@example.com,B,Sales Rep,',
        'c@example.com,"C',
        'Smith",Sales Rep,',
        'd@example.com,D,Sales Rep,"x\r\ny"',
        'e@example.com,E,Sales Rep,',
      ),
    );
    expect(result.rows.map((row) => [row.line, row.email])).toEqual([
      [2, 'a@example.com'],
      [5, 'b@example.com'],
      [8, 'd@example.com'],
      [10, 'e@example.com'],
    ]);
    expect(result.problems).toEqual([
      { line: 6, column: 'name', message: 'The name contains a line break; use plain text on one line.' },
    ]);
  });

  it('reports text after a closing quote on its column', () => {
    const result = parse(csv('email,Name,role', 'a@example.com,"Jane" Doe,Sales Rep'));
    expect(result.problems).toEqual([
      { line: 2, column: 'Name', message: expect.stringContaining('text after its closing quote') },
    ]);
    expect(result.rows).toEqual([]);
  });

  it('reports a quote that never closes on the line it opens, after the rows before it', () => {
    const result = parse(
      csv(
        'email,name,role',
        'a@example.com,A,Nope',
        'b@example.com,"B,Sales Rep',
        'c@example.com,C,Sales Rep',
      ),
    );
    expect(result.problems).toEqual([
      { line: 2, column: 'role', message: expect.stringContaining('Role "Nope" does not exist') },
      { line: 3, column: null, message: expect.stringContaining('closing quote is missing') },
    ]);
  });
});

describe('parseUserImportCsv: file problems', () => {
  it.each([
    ['an empty file', ''],
    ['only whitespace', ' \r\n\n\t\n'],
  ])('says %s is empty', (_, text) => {
    expect(parse(text).problems).toEqual([{ line: 0, column: null, message: 'The file is empty.' }]);
  });

  it('says a file with only a header has no user rows', () => {
    expect(messages(parse(csv('email,name,role,team', '', '')))).toEqual([
      'The file has a header row but no user rows.',
    ]);
  });

  it('names a missing column and lists the headers found', () => {
    const result = parse(csv('Email,Name,Team', 'a@example.com,A,EMEA'));
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([
      {
        line: 1,
        column: null,
        message:
          'Missing required column "role" (expected: email, name, role and optionally team). ' +
          'Columns found: "Email", "Name", "Team".',
      },
    ]);
  });

  it('names several missing columns in one problem, with a hint when the header looks like data', () => {
    const result = parse(csv('a@example.com,A,Sales Rep'));
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(/^Missing required columns "email", "name", "role" /);
    expect(result.problems[0]?.message).toMatch(/first line looks like a user, not a header/);
    expect(messages(parse(csv('email,first name,last name,role')))[0]).toMatch(/one "name" column/);
  });

  it('rejects two columns that mean the same field', () => {
    const result = parse(csv('Email,E-mail,name,role', 'a@example.com,b@example.com,A,Sales Rep'));
    expect(result.problems).toEqual([
      { line: 1, column: 'E-mail', message: 'Columns "Email" and "E-mail" both hold the email; keep one.' },
    ]);
  });

  it('rejects more rows than maxRows with one problem and no rows', () => {
    const text = csv(
      'email,name,role',
      'a@example.com,A,Sales Rep',
      'b@example.com,B,Nope',
      'c@example.com,C,Sales Rep',
    );
    const result = parse(text, { maxRows: 2 });
    expect(result).toEqual({
      rows: [],
      problems: [
        {
          line: 0,
          column: null,
          message: 'The file has 3 user rows; one import takes at most 2. Split it into smaller files.',
        },
      ],
      delimiter: ',',
      encoding: 'utf-8',
    });
    expect(parse(text, { maxRows: 3 }).rows).toHaveLength(2);
  });

  it('rejects a file over maxBytes before reading it', () => {
    const text = csv('email,name,role', 'a@example.com,A,Sales Rep');
    expect(parse(text, { maxBytes: 20 }).problems).toEqual([
      { line: 0, column: null, message: 'The file is 42 bytes; an import takes at most 20 bytes.' },
    ]);
    expect(messages(parse(Buffer.alloc(10 * 1024 * 1024 + 1, 'a')))).toEqual([
      'The file is 10,485,761 bytes; an import takes at most 10 MiB.',
    ]);
  });
});

describe('parseUserImportCsv: row validation', () => {
  const header = 'Email,Name,Role,Team';

  function problemsOf(...rows: string[]): { line: number; column: string | null; message: string }[] {
    const result = parse(csv(header, ...rows));
    expect(result.rows).toEqual([]);
    return result.problems;
  }

  it.each([
    ['missing', '', 'Email is required.'],
    ['without a domain', 'jane', '"jane" is not a valid email address.'],
    ['with an empty domain', 'jane@', '"jane@" is not a valid email address.'],
    [
      'with a display name',
      'Jane <jane@example.com>',
      '"Jane <jane@example.com>" is not a valid email address.',
    ],
    ['with two @', 'jane@@example.com', '"jane@@example.com" is not a valid email address.'],
    ['overlong', `${'a'.repeat(250)}@example.com`, 'Email is 262 characters; the limit is 254.'],
  ])('rejects an email %s', (_, email, message) => {
    expect(problemsOf(`${email},Jane,Sales Rep,`)).toEqual([{ line: 2, column: 'Email', message }]);
  });

  it('accepts an email of exactly 254 characters', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(email).toHaveLength(254);
    expect(parse(csv(header, `${email},A,Sales Rep,`)).rows).toHaveLength(1);
  });

  it.each([
    ['missing', '', 'Name is required.'],
    ['of only spaces', '   ', 'Name is required.'],
    ['of 201 characters', 'x'.repeat(201), 'Name is 201 characters; the limit is 200.'],
  ])('rejects a name %s', (_, name, message) => {
    expect(problemsOf(`a@example.com,${name},Sales Rep,`)).toEqual([{ line: 2, column: 'Name', message }]);
  });

  it('accepts a name of exactly 200 characters, trimmed', () => {
    expect(parse(csv(header, `a@example.com, ${'x'.repeat(200)} ,Sales Rep,`)).rows[0]?.name).toHaveLength(
      200,
    );
  });

  it('lists the valid roles when the role is missing or unknown', () => {
    expect(problemsOf('a@example.com,A,,', 'b@example.com,B,Admin,')).toEqual([
      {
        line: 2,
        column: 'Role',
        message: 'Role is required; use one of: Org Admin, Team Manager, Sales Rep.',
      },
      {
        line: 3,
        column: 'Role',
        message: 'Role "Admin" does not exist; use one of: Org Admin, Team Manager, Sales Rep.',
      },
    ]);
  });

  it('lists the teams when the team is unknown, and says when there are none', () => {
    expect(problemsOf('a@example.com,A,Sales Rep,APAC')).toEqual([
      {
        line: 2,
        column: 'Team',
        message: 'Team "APAC" does not exist; use one of: EMEA, West Coast, or leave it empty.',
      },
    ]);
    const none = parse(csv(header, 'a@example.com,A,Sales Rep,EMEA'), { teams: [] });
    expect(messages(none)).toEqual([
      'Team "EMEA" does not exist; this organization has no teams yet, so leave it empty or create the team first.',
    ]);
  });

  it('shortens overlong values it quotes back and caps long choice lists', () => {
    const many = Array.from({ length: 25 }, (_, i) => `Team ${i + 1}`);
    const result = parse(csv(header, `a@example.com,A,Sales Rep,${'z'.repeat(5000)}`), { teams: many });
    expect(messages(result)[0]).toBe(
      `Team "${'z'.repeat(40)}…" does not exist; use one of: ${many.slice(0, 20).join(', ')} and 5 more, ` +
        'or leave it empty.',
    );
  });

  it.each([
    ['a tab', 'Jane\tDoe', 'The name contains a control character (U+0009); use plain text on one line.'],
    [
      'a NUL-like control',
      'Jane\u0007',
      'The name contains a control character (U+0007); use plain text on one line.',
    ],
    [
      'a C1 control',
      'Jane\u0085Doe',
      'The name contains a control character (U+0085); use plain text on one line.',
    ],
    [
      'a bidi override',
      'Jane\u202eeoD',
      'The name contains a control character (U+202E); use plain text on one line.',
    ],
    ['a line break', '"Jane\nDoe"', 'The name contains a line break; use plain text on one line.'],
  ])('rejects %s in a value', (_, name, message) => {
    expect(problemsOf(`a@example.com,${name},Sales Rep,`)).toEqual([{ line: 2, column: 'Name', message }]);
  });

  it('reports a duplicate email on the later line, naming the earlier one', () => {
    const result = parse(
      csv(
        header,
        'a@example.com,A,Sales Rep,',
        'b@example.com,B,Sales Rep,',
        ' A@Example.com ,A again,Org Admin,',
      ),
    );
    expect(result.rows.map((row) => row.line)).toEqual([2, 3]);
    expect(result.problems).toEqual([
      { line: 4, column: 'Email', message: 'a@example.com is already on line 2; list each user once.' },
    ]);
  });

  it('reports rows with too few or too many values, but allows trailing empty values', () => {
    const result = parse(
      csv(
        header,
        'a@example.com,A,Sales Rep',
        'b@example.com,B,Sales Rep,EMEA,Berlin',
        'c@example.com,C,Sales Rep,EMEA,,',
      ),
    );
    expect(result.problems).toEqual([
      {
        line: 2,
        column: null,
        message:
          'This row has 3 values but the header has 4 columns. Check for a missing "," between values.',
      },
      {
        line: 3,
        column: null,
        message:
          'This row has 5 values but the header has 4 columns. A value that contains "," must be in double quotes.',
      },
    ]);
    expect(result.rows.map((row) => row.line)).toEqual([4]);
    expect(messages(parse('email\tname\trole\na@example.com\tA\n'))[0]).toMatch(/missing a tab between/);
  });

  it('allows rows to stop at the last named column when the header ends with a delimiter', () => {
    expect(parse(csv('email,name,role,', 'a@example.com,A,Sales Rep')).problems).toEqual([]);
  });

  it('validates every row and reports every problem, sorted by line', () => {
    const result = parse(
      csv(
        header,
        'bad,,Nope,Nowhere',
        'ok@example.com,OK,Sales Rep,',
        'a@example.com,A',
        'x@example.com,"X" Y,,',
      ),
    );
    expect(result.rows.map((row) => row.email)).toEqual(['ok@example.com']);
    expect(result.problems.map((problem) => [problem.line, problem.column])).toEqual([
      [2, 'Email'],
      [2, 'Name'],
      [2, 'Role'],
      [2, 'Team'],
      [4, null],
      [5, 'Name'],
      [5, 'Role'],
    ]);
  });
});

describe('parseUserImportCsv: a 50,000-row file', () => {
  it('reads every row with its line number', () => {
    const lines = ['email;name;role;team'];
    for (let i = 0; i < 50_000; i++) {
      const note = i % 1000 === 0 ? `"Müller; ""Jr."""` : `Person ${i}`;
      lines.push(`user${i}@example.com;${note};${roles[i % 3] ?? ''};${i % 2 === 0 ? 'emea' : ''}`);
    }
    const result = parse(`\uFEFF${lines.join('\r\n')}\r\n`);
    expect(result.problems).toEqual([]);
    expect(result.delimiter).toBe(';');
    expect(result.rows).toHaveLength(50_000);
    expect(result.rows[49_999]).toEqual({
      line: 50_001,
      email: 'user49999@example.com',
      name: 'Person 49999',
      role: 'Team Manager',
      team: null,
    });
    expect(result.rows[1000]).toMatchObject({ line: 1002, name: 'Müller; "Jr."', team: 'EMEA' });
    expect(messages(parse(`${lines.join('\n')}\nlast@example.com;L;Sales Rep;`))).toEqual([
      'The file has 50,001 user rows; one import takes at most 50,000. Split it into smaller files.',
    ]);
  });
});

const testdata = fileURLToPath(new URL('../../../../../shared/testdata/', import.meta.url));
const messyFolders = ['csv-messy', 'crm-exports/salesforce-dataloader/testfiles'].map((folder) =>
  join(testdata, folder),
);
const haveMessyFiles = messyFolders.every((folder) => existsSync(folder));

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('parseUserImportCsv: real messy files from ../shared/testdata', () => {
  if (!haveMessyFiles) {
    it.skip(`needs ${messyFolders.join(' and ')}, which are absent in this checkout`, () => undefined);
    return;
  }
  const read = (path: string): UserImportParse => parse(readFileSync(join(testdata, path)));
  const missingAll = /^Missing required columns "email", "name", "role" /;

  it.each(messyFolders.flatMap(filesUnder).map((path) => [path.slice(testdata.length)]))(
    '%s has no user columns and gets a clear problem instead of an exception',
    (path) => {
      const result = read(path);
      expect(result.rows).toEqual([]);
      expect(result.problems.length).toBeGreaterThan(0);
      for (const problem of result.problems)
        expect(problem.message).toMatch(/^(Missing|The file|This looks)/);
    },
  );

  it('recognises the XLSX workbook named Leads.csv', () => {
    expect(messages(read('csv-messy/misnamed/Leads.csv'))).toEqual([
      'This looks like an Excel workbook (.xlsx), not a CSV file; export it as CSV.',
    ]);
  });

  it.each([
    ['crm-exports/salesforce-dataloader/testfiles/csvtext_BOM_UTF16LE.csv', 'utf-16le'],
    ['crm-exports/salesforce-dataloader/testfiles/csvtext_BOM_UTF16BE.csv', 'utf-16be'],
    ['crm-exports/salesforce-dataloader/testfiles/csvtext_BOM_UTF8.csv', 'utf-8'],
  ])('decodes %s as %s and lists its headers', (path, encoding) => {
    const result = read(path);
    expect(result.encoding).toBe(encoding);
    expect(messages(result)).toEqual([expect.stringMatching(missingAll)]);
    expect(messages(result)[0]).toContain('Columns found: "column1", "column2", "column3".');
  });

  it('decodes a Windows UTF-16LE file with CRLF', () => {
    const result = read('csv-messy/node-csv-csv-parse/365-utf16le-bom-windows.csv');
    expect(result).toMatchObject({ encoding: 'utf-16le', delimiter: ',' });
    expect(messages(result)[0]).toContain('Columns found: "a", "b", "c".');
  });

  it('rejects the UTF-32 exports as binary', () => {
    for (const order of ['LE', 'BE']) {
      const result = read(`crm-exports/salesforce-dataloader/testfiles/csvtext_BOM_UTF32${order}.csv`);
      expect(messages(result)).toEqual([expect.stringContaining('unsupported encoding such as UTF-32')]);
    }
  });

  it('reads Latin-1 as Windows-1252, detects ; | and tab, and finds "Name" columns', () => {
    const latin1 = read('csv-messy/node-csvtojson/dataWithLatin1Encoding');
    expect(latin1.encoding).toBe('windows-1252');
    expect(messages(latin1)[0]).toMatch(/^Missing required columns "email", "role" .*"Timestamp", "Name"/);
    expect(read('csv-messy/node-csvtojson/dataDiffDelimiter').delimiter).toBe(';');
    expect(read('csv-messy/node-csvtojson/dataWithPipeAsDelimiter').delimiter).toBe('|');
    expect(read('csv-messy/node-csvtojson/tabsv').delimiter).toBe('\t');
  });

  it('says an empty file is empty', () => {
    expect(messages(read('csv-messy/node-csvtojson/emptyFile'))).toEqual(['The file is empty.']);
  });
});
