import { z } from 'zod'

// Field building blocks shared by every form's schema, in the browser and on the server.

// Control characters and bidirectional overrides (which can make a name read backwards) go;
// joiners such as ZWNJ stay, because names in Persian, Hindi and other scripts need them.
const UNSAFE_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029]/gu

/** One line of text: NFC, unsafe characters out, single spaces. "  Zoë\u0000  Adams " is "Zoë Adams". */
export function tidyLine(value: string) {
  return value.normalize('NFC').replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim()
}

/** Several lines of text: the same, but paragraphs are kept. */
export function tidyParagraphs(value: string) {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(tidyLine)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

// Refinements after the transform (not .pipe): conform turns an empty string into "missing"
// wherever it meets z.string(), which would replace our own messages.

/** A required line with something readable in it, not only spaces, punctuation or joiners. */
export function requiredLine(missing: string, label: string, max: number) {
  return z
    .string({ required_error: missing, invalid_type_error: missing })
    .transform(tidyLine)
    .refine((value) => /[\p{L}\p{N}]/u.test(value), missing)
    .refine((value) => value.length <= max, `${label} must be at most ${max} characters`)
}

/** An optional text: null when left blank. */
export function optionalText(label: string, max: number, clean: (value: string) => string = tidyLine) {
  return z
    .string({ invalid_type_error: `${label} must be text` })
    .optional()
    .transform((value) => (value ? clean(value) : ''))
    .refine((value) => value.length <= max, `${label} must be at most ${max} characters`)
    .transform((value) => value || null)
}

/** An email address, trimmed; `missing` is what to say when there is none. */
export function emailAddress(missing = 'Enter your email address') {
  return z
    .string({ required_error: missing, invalid_type_error: missing })
    .trim()
    .max(254, 'An email address has at most 254 characters')
    .email('Enter an email address like name@example.org')
}

/** A checkbox: "on" when ticked, absent when not. */
export const checkbox = z
  .boolean({ invalid_type_error: 'Tick the box or leave it empty' })
  .optional()
  .transform((value) => value === true)
