import { z } from 'zod'
import { checkbox, tidyLine } from './fields'

// The Verification tab's one form: which professions may sign, what a signature needs to be
// listed, auto-approval, and the HTTP licence registries consulted.

export const LISTING_REQUIREMENTS = ['email', 'profession'] as const
export const ALLOWED_PROFESSIONS_MAX = 50
export const ALLOWED_PROFESSION_MAX_LENGTH = 80
const REGISTRY_ID = /^[a-z0-9][a-z0-9-]{0,39}$/

/** Professions compare as the tallies do (ADR 010): "Attorney" and "attorney" are one. */
export const professionKey = (profession: string) => profession.toLowerCase()

/** One profession a line, tidied; empty lines dropped. Each keeps the line it was typed on. */
export function professionLines(text: string): Array<{ line: number; profession: string }> {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw, index) => ({ line: index + 1, profession: tidyLine(raw) }))
    .filter((entry) => entry.profession !== '')
}

/** What is wrong with the list, one message per problem, or none. */
export function allowedProfessionsProblems(entries: Array<{ line: number; profession: string }>): string[] {
  const problems: string[] = []
  if (entries.length > ALLOWED_PROFESSIONS_MAX) {
    problems.push(`List at most ${ALLOWED_PROFESSIONS_MAX} professions (this list has ${entries.length}).`)
  }
  const firstLine = new Map<string, { line: number; profession: string }>()
  for (const entry of entries) {
    if (entry.profession.length > ALLOWED_PROFESSION_MAX_LENGTH) {
      problems.push(
        `Line ${entry.line} is ${entry.profession.length} characters long; a profession has at most ${ALLOWED_PROFESSION_MAX_LENGTH}.`,
      )
      continue
    }
    const earlier = firstLine.get(professionKey(entry.profession))
    if (earlier) {
      problems.push(
        `Line ${entry.line}: “${entry.profession}” is already on the list (line ${earlier.line}, “${earlier.profession}”). List each profession once.`,
      )
    } else {
      firstLine.set(professionKey(entry.profession), entry)
    }
  }
  return problems
}

export const letterPolicySchema = z.object({
  allowedProfessions: z
    .string({ invalid_type_error: 'Enter one profession a line' })
    .optional()
    .transform((text) => professionLines(text ?? ''))
    .superRefine((entries, context) => {
      for (const message of allowedProfessionsProblems(entries)) {
        context.addIssue({ code: z.ZodIssueCode.custom, message })
      }
    })
    .transform((entries) => entries.map((entry) => entry.profession)),
  listingRequires: z.enum(LISTING_REQUIREMENTS, {
    errorMap: () => ({ message: 'Choose what a signature needs before its name is listed' }),
  }),
  autoApproveVerified: checkbox,
  licenceRegistries: z
    .array(
      z
        .string({ invalid_type_error: 'Choose registries from the list' })
        .regex(REGISTRY_ID, 'Choose registries from the list'),
      { invalid_type_error: 'Choose registries from the list' },
    )
    .max(20, 'Choose registries from the list')
    .transform((ids) => [...new Set(ids)]),
})

export type LetterPolicyInput = z.infer<typeof letterPolicySchema>
