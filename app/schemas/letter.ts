import { z } from 'zod'
import { checkbox, requiredLine } from './fields'
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '~/utils/slug'

// The letter editor's one schema, shared by the browser (validation as you type) and the actions.

/**
 * The Markdown as written, with the browser's CRLF line breaks made LF and blank space at the
 * end dropped, so the same text sent twice has the same SHA-256.
 */
export function normalizeLetterBody(value: string) {
  return value.replace(/\r\n?/g, '\n').trimEnd()
}

export const BODY_MAX_LENGTH = 50_000

/** `YYYY-MM-DDTHH:MM` from a datetime-local field, read as UTC. */
const DATETIME_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

export function parseUtcDateTime(value: string): string | null {
  const match = DATETIME_LOCAL.exec(value.trim())
  if (!match) return null
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0] = match.slice(1, 6).map(Number)
  const second = Number(match[6] ?? 0)
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second))
  // Date.UTC rolls 2026-02-30 over to March: refuse dates that do not exist.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    date.getUTCHours() !== hour ||
    date.getUTCMinutes() !== minute ||
    year < 2000
  )
    return null
  return date.toISOString()
}

/** The value a datetime-local field shows for a stored ISO time (UTC, to the minute). */
export function toDateTimeLocal(iso: string | null): string {
  return iso ? iso.slice(0, 16) : ''
}

export const letterSchema = z.object({
  title: requiredLine('Enter a title', 'The title', 200),
  slug: z
    .string({ required_error: 'Enter the letter’s web address', invalid_type_error: 'Enter the web address' })
    .transform((value) => value.trim())
    .superRefine((value, context) => {
      if (value.length > SLUG_MAX_LENGTH)
        context.addIssue({ code: 'custom', message: `At most ${SLUG_MAX_LENGTH} characters` })
      else if (!SLUG_PATTERN.test(value))
        context.addIssue({
          code: 'custom',
          message: 'Use lower-case letters, digits and single hyphens, like let-judges-judge',
        })
    }),
  recipient: requiredLine('Say who the letter is addressed to', 'The recipient', 300),
  organizersLine: requiredLine('Say who organizes the letter', 'The organizers’ line', 300),
  bodyMarkdown: z
    .string({ required_error: 'Write the text of the letter', invalid_type_error: 'Write the letter' })
    .transform(normalizeLetterBody)
    .refine((value) => /[\p{L}\p{N}]/u.test(value), 'Write the text of the letter')
    .refine(
      (value) => value.length <= BODY_MAX_LENGTH,
      `The letter must be at most ${BODY_MAX_LENGTH.toLocaleString('en-US')} characters`,
    ),
  moderationRequired: checkbox,
  notifyOnApprove: checkbox,
  notifyOnReject: checkbox,
  closesAt: z
    .string({ invalid_type_error: 'Enter a date and time' })
    .optional()
    .transform((value, context) => {
      if (!value?.trim()) return null
      const iso = parseUtcDateTime(value)
      if (!iso) {
        context.addIssue({ code: 'custom', message: 'Enter a date and time like 2026-12-31 18:00' })
        return z.NEVER
      }
      return iso
    }),
})

export type LetterInput = z.output<typeof letterSchema>

/** "Preview" keeps everything typed and checks nothing: only the body is read. */
export const letterPreviewSchema = z.object({
  bodyMarkdown: z.string().optional(),
})
