import mjml2html from 'mjml';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { escapeHtml } from './escape-html.js';
import { emailDefinitions, type EmailTemplateName, type EmailTemplates } from './email-templates.js';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

// The markup lives in templates/email/, a sibling of both src/ (Jest) and dist/ (run time).
const emailDirectory = new URL('../email/', import.meta.url);
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const HTML_PLACEHOLDER = /\{\{\{\s*(\w+)\s*\}\}\}/g;

/** Compiles one template's MJML; strict validation, so a markup mistake fails loudly instead of rendering. */
export async function compileMjml(
  file: string,
  validationLevel: 'strict' | 'soft' = 'strict',
): Promise<{ html: string; errors: string[] }> {
  const url = new URL(file, emailDirectory);
  const markup = await readFile(url, 'utf8');
  const result = await mjml2html(markup, {
    filePath: fileURLToPath(url),
    // mjml 5 ignores <mj-include> unless asked; the partials sit next to the templates.
    ignoreIncludes: false,
    validationLevel,
    keepComments: false,
  });
  return { html: result.html, errors: result.errors.map((error) => error.formattedMessage) };
}

// One compilation per template per process: the MJML stays data-free, the values are filled in afterwards.
const compiled = new Map<EmailTemplateName, Promise<string>>();

function compiledHtml(name: EmailTemplateName): Promise<string> {
  let html = compiled.get(name);
  if (!html) {
    html = compileMjml(emailDefinitions[name].mjmlFile).then((result) => result.html);
    // A failed compilation is not cached, so a fixed file is picked up by the next render.
    void html.catch(() => compiled.delete(name));
    compiled.set(name, html);
  }
  return html;
}

function fillPlaceholders(
  html: string,
  values: Record<string, string>,
  htmlValues: Record<string, string>,
  name: string,
): string {
  // HTML values go in last, so that nothing inside them is taken for a placeholder.
  const pieces: string[] = [];
  const marked = html.replace(HTML_PLACEHOLDER, (_match, key: string) => {
    const value = htmlValues[key];
    if (value === undefined) throw new Error(`Email template ${name} uses unknown placeholder {{{${key}}}}`);
    pieces.push(value);
    return `\ue000${pieces.length - 1}\ue000`;
  });
  return fillText(marked, values, name).replace(
    /\ue000(\d+)\ue000/g,
    (_match, index: string) => pieces[Number(index)]!,
  );
}

function fillText(html: string, values: Record<string, string>, name: string): string {
  return html.replace(PLACEHOLDER, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Email template ${name} uses unknown placeholder {{${key}}}`);
    return escapeHtml(value);
  });
}

/** Renders one email: subject, HTML (every value escaped) and plain-text part. */
export async function renderEmail<Name extends EmailTemplateName>(
  name: Name,
  data: EmailTemplates[Name],
): Promise<RenderedEmail> {
  const definition = emailDefinitions[name];
  const subject = definition.subject(data);
  const values = { ...definition.fields(data), subject };
  const htmlValues = definition.htmlFields?.(data) ?? {};
  const html = fillPlaceholders(await compiledHtml(name), values, htmlValues, name);
  return { subject, html, text: definition.text(data) };
}
