/** What one email template needs besides its MJML markup. */
export interface EmailDefinition<Data> {
  /** File name of the markup in `templates/email/`. */
  mjmlFile: string;
  subject(data: Data): string;
  /** Values for the `{{ placeholders }}` of the markup, as plain text: the renderer escapes them. */
  fields(data: Data): Record<string, string>;
  /**
   * Values for `{{{ placeholders }}}` that are HTML already (lists, table rows): each definition builds
   * them with `escapeHtml` around every value it puts in.
   */
  htmlFields?(data: Data): Record<string, string>;
  /** The plain-text part, complete with the link and the footer. */
  text(data: Data): string;
}

/**
 * Names and other user-provided labels on one line: no control characters, no runs of whitespace, so a
 * crafted name cannot add lines to a subject or fake a paragraph in the text part.
 */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  return value.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** Links must be http(s): a `javascript:` or `data:` URL in a button would run in some mail clients. */
export function safeUrl(value: string): string {
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`Email links must be http(s), got ${url.protocol}`);
  }
  return url.href;
}

const dateFormat = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** An ISO timestamp as "March 5, 2026 at 2:00 PM UTC": recipients live in many time zones. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not an ISO timestamp: ${iso}`);
  return `${dateFormat.format(date)} UTC`;
}

/** 30 -> "30 minutes", 60 -> "1 hour", 120 -> "2 hours". */
export function formatMinutes(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes <= 0) throw new RangeError(`Not a positive duration: ${minutes}`);
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return hours === 1 ? '1 hour' : `${hours} hours`;
  }
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
