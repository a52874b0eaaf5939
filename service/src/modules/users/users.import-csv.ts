/**
 * Reads the CSV behind `POST /api/v1/users/import` into validated user rows or precise problems.
 * Pure: no database, no HTTP. The caller imports all rows or none, so every row is validated and every
 * problem is reported, each with the physical line where its record starts and the column as written.
 */
import { regexes } from 'zod';
import { decodeCsvFile, detectDelimiter, readCsvRecords, type CsvRecord } from '../../core/csv/csv-reader.js';

export interface UserImportRow {
  line: number;
  email: string;
  name: string;
  role: string;
  team: string | null;
}

/** `line` 1 is the first line of the file; 0 means the file as a whole. `column` is the header as written. */
export interface ImportProblem {
  line: number;
  column: string | null;
  message: string;
}

/** `delimiter` and `encoding` are '' when the file was rejected before they could be determined. */
export interface UserImportParse {
  rows: UserImportRow[];
  problems: ImportProblem[];
  delimiter: string;
  encoding: string;
}

export interface UserImportOptions {
  /** Role names of the organization, in their canonical spelling. */
  roles: string[];
  teams: string[];
  maxRows?: number;
  maxBytes?: number;
}

const DEFAULT_MAX_ROWS = 50_000;
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 200;
const MAX_LISTED_CHOICES = 20;

type UserField = 'email' | 'name' | 'role' | 'team';
const REQUIRED_FIELDS = ['email', 'name', 'role'] as const;

/** Header spellings after `headerKey` (lower case, letters and digits only). */
const HEADER_ALIASES: ReadonlyMap<string, UserField> = new Map([
  ...['email', 'emailaddress', 'mail', 'workemail', 'useremail'].map((key) => [key, 'email'] as const),
  ...['name', 'fullname', 'displayname'].map((key) => [key, 'name'] as const),
  ...['role', 'rolename', 'userrole'].map((key) => [key, 'role'] as const),
  ...['team', 'teamname'].map((key) => [key, 'team'] as const),
]);

// Line breaks, C0/C1 controls and the bidi overrides used to disguise text ("Trojan Source").
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const FORBIDDEN_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export function parseUserImportCsv(file: Buffer, options: UserImportOptions): UserImportParse {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  if (file.length > maxBytes) {
    const size = file.length.toLocaleString('en-US');
    return rejected(`The file is ${size} bytes; an import takes at most ${formatBytes(maxBytes)}.`);
  }
  const decoded = decodeCsvFile(file);
  if ('problem' in decoded) return rejected(decoded.problem);
  const { text, encoding } = decoded;
  const { delimiter, start } = detectDelimiter(text);
  const read = readCsvRecords(text, delimiter, start);
  const records = read.records.filter((record) => record.fields.some((field) => field.trim() !== ''));
  const rejectedAs = (message: string): UserImportParse => ({ ...rejected(message), delimiter, encoding });

  const unclosed: ImportProblem[] =
    read.unclosedQuoteLine === null
      ? []
      : [{ line: read.unclosedQuoteLine, column: null, message: UNCLOSED_QUOTE }];
  const header = records[0];
  if (header === undefined) {
    return unclosed.length > 0
      ? { rows: [], problems: unclosed, delimiter, encoding }
      : rejectedAs('The file is empty.');
  }
  const columns = mapHeader(header);
  if (columns.problems.length > 0) return { rows: [], problems: columns.problems, delimiter, encoding };
  const dataRecords = records.slice(1);
  if (dataRecords.length === 0 && unclosed.length === 0) {
    return rejectedAs('The file has a header row but no user rows.');
  }
  if (dataRecords.length > maxRows) {
    return rejectedAs(
      `The file has ${dataRecords.length.toLocaleString('en-US')} user rows; one import takes at most ` +
        `${maxRows.toLocaleString('en-US')}. Split it into smaller files.`,
    );
  }

  const validator = new RowValidator({
    ...options,
    header: header.fields,
    columns: columns.index,
    delimiter,
  });
  for (const record of dataRecords) validator.validate(record);
  const problems = [...validator.problems, ...unclosed].sort((a, b) => a.line - b.line);
  return { rows: validator.rows, problems, delimiter, encoding };
}

function rejected(message: string): UserImportParse {
  return { rows: [], problems: [{ line: 0, column: null, message }], delimiter: '', encoding: '' };
}

const UNCLOSED_QUOTE =
  'A quoted value starts on this line but its closing quote is missing, so the rest of the file was ' +
  'read as one value. Close the quote, or double any quote inside a value ("").';

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes.toLocaleString('en-US')} bytes`;
}

type ColumnIndex = Partial<Record<UserField, number>>;

function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function mapHeader(header: CsvRecord): { index: ColumnIndex; problems: ImportProblem[] } {
  const index: ColumnIndex = {};
  const problems: ImportProblem[] = [];
  const names = header.fields.map((name) => name.trim());
  names.forEach((name, position) => {
    const field = HEADER_ALIASES.get(headerKey(name));
    if (field === undefined) return;
    const earlier = index[field];
    if (earlier === undefined) index[field] = position;
    else {
      const message = `Columns ${quoted(names[earlier] ?? '')} and ${quoted(name)} both hold the ${field}; keep one.`;
      problems.push({ line: header.line, column: name, message });
    }
  });
  const missing = REQUIRED_FIELDS.filter((field) => index[field] === undefined);
  if (missing.length > 0) {
    const found = listChoices(names.filter((name) => name !== '').map(quoted)) || 'none';
    let hint = '';
    if (names.some((name) => name.includes('@'))) {
      hint = ' The first line looks like a user, not a header: add the line "email,name,role,team" above it.';
    } else if (missing.includes('name') && names.some((name) => headerKey(name) === 'firstname')) {
      hint = ' Put first and last name together in one "name" column.';
    }
    const columns = missing.map((field) => `"${field}"`).join(', ');
    const message =
      `Missing required column${missing.length > 1 ? 's' : ''} ${columns} (expected: email, name, role ` +
      `and optionally team). Columns found: ${found}.${hint}`;
    problems.push({ line: header.line, column: null, message });
  }
  return { index, problems };
}

function quoted(value: string): string {
  return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
}

function listChoices(choices: string[]): string {
  const listed = choices.slice(0, MAX_LISTED_CHOICES).join(', ');
  const more = choices.length - MAX_LISTED_CHOICES;
  return more > 0 ? `${listed} and ${more} more` : listed;
}

/** Case-, space-, `_`- and `-`-insensitive lookup key for role and team names. */
function choiceKey(value: string): string {
  return value.toLowerCase().replace(/[\s_-]+/g, ' ');
}

function canonicalNames(names: string[]): Map<string, string> {
  const byKey = new Map<string, string>();
  for (const name of names) if (!byKey.has(choiceKey(name))) byKey.set(choiceKey(name), name);
  return byKey;
}

/** Validates data records one by one; a record becomes a row only when it raised no problem. */
class RowValidator {
  readonly rows: UserImportRow[] = [];
  readonly problems: ImportProblem[] = [];
  private readonly headers: string[];
  private readonly columns: ColumnIndex;
  private readonly delimiter: string;
  private readonly roles: Map<string, string>;
  private readonly teams: Map<string, string>;
  private readonly roleList: string;
  private readonly teamList: string;
  /** Records need at least this many values: up to the last named header. */
  private readonly minValues: number;
  private readonly lineOfEmail = new Map<string, number>();

  constructor(setup: { header: string[]; columns: ColumnIndex; delimiter: string } & UserImportOptions) {
    this.headers = setup.header.map((name) => name.trim());
    this.columns = setup.columns;
    this.delimiter = setup.delimiter === '\t' ? 'a tab' : `"${setup.delimiter}"`;
    this.roles = canonicalNames(setup.roles);
    this.teams = canonicalNames(setup.teams);
    this.roleList = listChoices(setup.roles);
    this.teamList = listChoices(setup.teams);
    this.minValues = this.headers.findLastIndex((name) => name !== '') + 1;
  }

  validate(record: CsvRecord): void {
    const problemsBefore = this.problems.length;
    if (!this.hasHeaderShape(record)) return;
    if (record.strayQuoteField !== undefined) {
      const message =
        'A value has text after its closing quote; put the whole value in double quotes and double ' +
        'any quote inside it ("").';
      this.reportAt(record, this.headers[record.strayQuoteField] ?? null, message);
    }
    const email = this.email(record);
    const name = this.name(record);
    const role = this.role(record);
    const team = this.team(record);
    if (this.problems.length > problemsBefore) return;
    if (email !== undefined && name !== undefined && role !== undefined && team !== undefined) {
      this.rows.push({ line: record.line, email, name, role, team });
    }
  }

  private hasHeaderShape(record: CsvRecord): boolean {
    const values = record.fields.length;
    const extra = record.fields.slice(this.headers.length).some((value) => value.trim() !== '');
    if (values >= this.minValues && !extra) return true;
    const message =
      `This row has ${values} values but the header has ${this.headers.length} columns. ` +
      (extra
        ? `A value that contains ${this.delimiter} must be in double quotes.`
        : `Check for a missing ${this.delimiter} between values.`);
    this.reportAt(record, null, message);
    return false;
  }

  private email(record: CsvRecord): string | undefined {
    const value = this.value(record, 'email');
    if (value === undefined) return undefined;
    if (value === '') return this.report(record, 'email', 'Email is required.');
    if (value.length > MAX_EMAIL_LENGTH) {
      return this.report(
        record,
        'email',
        `Email is ${value.length} characters; the limit is ${MAX_EMAIL_LENGTH}.`,
      );
    }
    const email = value.toLowerCase();
    if (!regexes.email.test(email))
      return this.report(record, 'email', `${quoted(value)} is not a valid email address.`);
    const earlier = this.lineOfEmail.get(email);
    if (earlier !== undefined) {
      return this.report(record, 'email', `${email} is already on line ${earlier}; list each user once.`);
    }
    this.lineOfEmail.set(email, record.line);
    return email;
  }

  private name(record: CsvRecord): string | undefined {
    const value = this.value(record, 'name');
    if (value === undefined) return undefined;
    if (value === '') return this.report(record, 'name', 'Name is required.');
    if (value.length > MAX_NAME_LENGTH) {
      return this.report(
        record,
        'name',
        `Name is ${value.length} characters; the limit is ${MAX_NAME_LENGTH}.`,
      );
    }
    return value;
  }

  private role(record: CsvRecord): string | undefined {
    const value = this.value(record, 'role');
    if (value === undefined) return undefined;
    if (value === '') return this.report(record, 'role', `Role is required; use one of: ${this.roleList}.`);
    const role = this.roles.get(choiceKey(value));
    if (role !== undefined) return role;
    return this.report(record, 'role', `Role ${quoted(value)} does not exist; use one of: ${this.roleList}.`);
  }

  /** `null` for no team, `undefined` after a problem. */
  private team(record: CsvRecord): string | null | undefined {
    const value = this.value(record, 'team');
    if (value === undefined || value === '') return value === '' ? null : undefined;
    const team = this.teams.get(choiceKey(value));
    if (team !== undefined) return team;
    const choices =
      this.teams.size === 0
        ? 'this organization has no teams yet, so leave it empty or create the team first'
        : `use one of: ${this.teamList}, or leave it empty`;
    return this.report(record, 'team', `Team ${quoted(value)} does not exist; ${choices}.`);
  }

  /** The trimmed value ('' when the column is absent), or `undefined` after a problem. */
  private value(record: CsvRecord, field: UserField): string | undefined {
    const position = this.columns[field];
    if (position === undefined) return '';
    const value = (record.fields[position] ?? '').trim();
    const forbidden = FORBIDDEN_CHARACTER.exec(value)?.[0];
    if (forbidden === undefined) return value;
    const code = forbidden.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const kind =
      forbidden === '\n' || forbidden === '\r' ? 'a line break' : `a control character (U+${code})`;
    return this.report(record, field, `The ${field} contains ${kind}; use plain text on one line.`);
  }

  private report(record: CsvRecord, field: UserField, message: string): undefined {
    const position = this.columns[field];
    const column = position === undefined ? field : (this.headers[position] ?? field);
    return this.reportAt(record, column, message);
  }

  private reportAt(record: CsvRecord, column: string | null, message: string): undefined {
    this.problems.push({ line: record.line, column, message });
    return undefined;
  }
}
