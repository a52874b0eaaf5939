import { z } from 'zod';

/**
 * The string types of the API's inputs: every string a request carries goes through one of these.
 * PostgreSQL cannot store NUL (a NUL used to end in a 500), and control characters and bidirectional
 * overrides in names are how text is made to look like something else in a list, a log or an email.
 */

/** C0 controls (NUL, ESC, CR, ...), DEL and C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** The same, less tab and line feed, which multi-line text keeps. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_BUT_TAB_AND_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
/** Bidirectional embeddings, overrides and isolates: they display text in another order than it is stored. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

const codePoint = (character: string) =>
  `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function refuse(pattern: RegExp, what: string) {
  return (value: string, ctx: z.core.$RefinementCtx<string>) => {
    const found = pattern.exec(value);
    if (found) {
      ctx.addIssue({
        code: 'custom',
        message: `must not contain ${what} (${codePoint(found[0])} at character ${found.index + 1})`,
      });
    }
  };
}

const noControls = refuse(CONTROL, 'control characters');
const noBidiControls = refuse(BIDI_CONTROL, 'bidirectional control characters');

/**
 * One line of text, trimmed: names, titles, search terms, filters, tokens. `min` 1 (the default for
 * names) makes it required; pass `min: 0` for filters that may be empty.
 */
export function singleLineText(options: { max: number; min?: number }) {
  const min = options.min ?? 1;
  return z
    .string()
    .trim()
    .min(min, min === 1 ? 'is required' : `must be at least ${min} characters`)
    .max(options.max, `must be at most ${options.max} characters`)
    .superRefine(noControls)
    .superRefine(noBidiControls);
}

/** Prose (descriptions, notes): trimmed, line breaks as `\n`; tab and newline are the only controls allowed. */
export function multiLineText(options: { max: number }) {
  return z
    .string()
    .overwrite((value) => value.replace(/\r\n?/g, '\n'))
    .trim()
    .max(options.max, `must be at most ${options.max} characters`)
    .superRefine(refuse(CONTROL_BUT_TAB_AND_NEWLINE, 'control characters other than tab and newline'))
    .superRefine(noBidiControls);
}

/**
 * A secret as typed (a password being checked): any character but NUL, which no password can contain,
 * and untrimmed. New passwords use `PasswordSchema`, which also refuses the other control characters.
 */
export function secretText(options: { max: number; min?: number }) {
  const min = options.min ?? 1;
  return (
    z
      .string()
      .min(min, min === 1 ? 'is required' : `must be at least ${min} characters`)
      .max(options.max, `must be at most ${options.max} characters`)
      // eslint-disable-next-line no-control-regex -- as above
      .superRefine(refuse(/\u0000/, 'the NUL character'))
  );
}

/** A new password: printable characters only (spaces and any script welcome), untrimmed. */
export function newSecretText(options: { max: number; min: number }) {
  return z
    .string()
    .min(options.min, `must be at least ${options.min} characters`)
    .max(options.max, `must be at most ${options.max} characters`)
    .superRefine(noControls);
}
