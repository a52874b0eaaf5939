/** What a chart or list shows, as a CSV file the browser saves (RFC 4180 quoting, a BOM for Excel). */
export type Cell = string | number | null | undefined;

function quote(cell: Cell): string {
  const text = cell === null || cell === undefined ? '' : String(cell);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: keep it text.
  const safe = /^[=+\-@]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

export function downloadFile(name: string, content: BlobPart, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(
    new Blob(type.startsWith('text/csv') ? ['\ufeff', content] : [content], { type }),
  );
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
