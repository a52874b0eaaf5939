/**
 * The three file writers of exports. Each takes rows a page at a time and writes them to disk as it goes
 * (never the whole file in memory): CSV through `@json2csv/node` (UTF-8 with a BOM, so Excel reads
 * accents right), XLSX through exceljs's streaming `WorkbookWriter`, PDF a table report with pdfkit's
 * built-in Helvetica (title, filters, time generated, a header row repeated on each page, page numbers).
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Transform as CsvTransform } from '@json2csv/node';
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { FlatRecord } from './export-sources.js';
import type { ExportFormat } from './exports.tables.js';

export interface ReportInfo {
  title: string;
  columns: readonly string[];
  filters: Readonly<Record<string, string>>;
  generatedAt: Date;
}

export interface RowWriter {
  write(rows: readonly FlatRecord[]): Promise<void>;
  /** Finishes the file (flushed and closed when it resolves). */
  close(): Promise<void>;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * A cell a spreadsheet would read as a formula (`= + - @`, tab, carriage return first) gets a leading
 * `'` (OWASP's CSV injection advice). Plain numbers such as `-12.50` are left alone: no formula there.
 */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

function safeCell(value: FlatRecord[string]): string | number | boolean | undefined {
  if (value === null) return undefined;
  return typeof value === 'string' ? neutralise(value) : value;
}

/** Waits for the stream to take more when it asked us to (backpressure). */
async function writeOrWait(stream: NodeJS.WritableStream, chunk: unknown): Promise<void> {
  if (!stream.write(chunk as string)) await once(stream, 'drain');
}

function csvWriter(path: string, info: ReportInfo): RowWriter {
  const file = createWriteStream(path);
  const csv = new CsvTransform<Record<string, unknown>, Record<string, unknown>>(
    {
      fields: info.columns.map((column) => ({
        label: column,
        value: (row: Record<string, unknown>) => row[column],
      })),
      withBOM: true,
      eol: '\r\n',
    },
    {},
    { objectMode: true },
  );
  csv.pipe(file);
  return {
    async write(rows) {
      for (const row of rows) {
        const safe: Record<string, unknown> = {};
        for (const column of info.columns) safe[column] = safeCell(row[column] ?? null);
        await writeOrWait(csv, safe);
      }
    },
    async close() {
      csv.end();
      await finished(file);
    },
  };
}

function xlsxWriter(path: string, info: ReportInfo): RowWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(info.title);
  sheet.columns = info.columns.map((column) => ({ header: column, key: column, width: 20 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  return {
    async write(rows) {
      for (const row of rows)
        sheet.addRow(info.columns.map((column) => safeCell(row[column] ?? null) ?? null)).commit();
      // exceljs writes committed rows to its zip stream; yielding lets it flush between pages.
      await new Promise((resolve) => setImmediate(resolve));
    },
    async close() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

const PAGE = { margin: 36, rowHeight: 14, fontSize: 7.5 } as const;

/** A landscape A4 table: each page starts with the header row and ends with its number. */
function pdfWriter(path: string, info: ReportInfo): RowWriter {
  const document = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: PAGE.margin,
    info: { Title: info.title, Creator: 'Closer' },
  });
  const file: WriteStream = createWriteStream(path);
  document.pipe(file);
  const width = document.page.width - 2 * PAGE.margin;
  const columnWidth = width / info.columns.length;
  const bottom = () => document.page.height - PAGE.margin - PAGE.rowHeight;
  let pageNumber = 1;
  let y = PAGE.margin;

  const line = (cells: readonly string[], bold: boolean) => {
    document.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(PAGE.fontSize);
    cells.forEach((text, index) => {
      document.text(text, PAGE.margin + index * columnWidth, y + 3, {
        width: columnWidth - 4,
        height: PAGE.rowHeight,
        lineBreak: false,
        ellipsis: true,
      });
    });
    y += PAGE.rowHeight;
    document
      .moveTo(PAGE.margin, y)
      .lineTo(PAGE.margin + width, y)
      .lineWidth(bold ? 0.8 : 0.2)
      .stroke();
  };
  const footer = () => {
    const margins = document.page.margins;
    const saved = margins.bottom;
    margins.bottom = 0; // writing inside the bottom margin would otherwise start a new page
    document.font('Helvetica').fontSize(8);
    document.text(`Page ${pageNumber}`, PAGE.margin, document.page.height - PAGE.margin + 10, {
      width,
      align: 'right',
      lineBreak: false,
    });
    margins.bottom = saved;
  };
  const newPage = () => {
    footer();
    document.addPage();
    pageNumber += 1;
    y = PAGE.margin;
    line(info.columns, true);
  };

  document.font('Helvetica-Bold').fontSize(16).text(info.title, PAGE.margin, y);
  const filters = Object.entries(info.filters);
  document
    .font('Helvetica')
    .fontSize(9)
    .text(
      `Filters: ${filters.length ? filters.map(([key, value]) => `${key} = ${value}`).join(', ') : 'none'}`,
    )
    .text(`Generated at ${info.generatedAt.toISOString().replace('T', ' ').slice(0, 19)} UTC`);
  y = document.y + 8;
  line(info.columns, true);

  return {
    async write(rows) {
      for (const row of rows) {
        if (y > bottom()) newPage();
        line(
          info.columns.map((column) => String(row[column] ?? '')),
          false,
        );
      }
      await new Promise((resolve) => setImmediate(resolve));
    },
    async close() {
      footer();
      document.end();
      await finished(file);
    },
  };
}

export function openWriter(format: ExportFormat, path: string, info: ReportInfo): RowWriter {
  switch (format) {
    case 'csv':
      return csvWriter(path, info);
    case 'xlsx':
      return xlsxWriter(path, info);
    case 'pdf':
      return pdfWriter(path, info);
  }
}
