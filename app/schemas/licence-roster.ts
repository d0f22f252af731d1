import { z } from 'zod'
import { requiredLine } from './fields'

// The rosters page's forms: create a roster, import a CSV into one.

export const NUMBER_PATTERN_MAX_LENGTH = 200

/** Why this is not a usable licence number pattern, or null when it is one. */
export function numberPatternProblem(value: string): string | null {
  if (value.length > NUMBER_PATTERN_MAX_LENGTH) {
    return `A pattern has at most ${NUMBER_PATTERN_MAX_LENGTH} characters`
  }
  try {
    new RegExp(value)
  } catch {
    return 'This is not a valid regular expression'
  }
  if (!value.startsWith('^') || !value.endsWith('$')) {
    return 'Anchor the pattern with ^ and $ so it checks the whole number, like ^\\d{1,6}$'
  }
  return null
}

const ENTER_PATTERN = 'Enter the pattern licence numbers follow, like ^\\d{1,6}$'

export const createRosterSchema = z.object({
  intent: z.literal('create').optional(),
  name: requiredLine('Enter the licensing body, like State Bar of California', 'The name', 200),
  jurisdiction: requiredLine('Enter the jurisdiction, like California', 'The jurisdiction', 100),
  numberPattern: z
    .string({ required_error: ENTER_PATTERN, invalid_type_error: ENTER_PATTERN })
    .transform((value) => value.trim())
    .superRefine((value, ctx) => {
      const problem = numberPatternProblem(value)
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem })
    }),
})

export type CreateRosterInput = z.infer<typeof createRosterSchema>

export const importRosterSchema = z.object({
  intent: z.literal('import'),
  rosterId: z
    .number({ required_error: 'Choose a roster', invalid_type_error: 'Choose a roster' })
    .int('Choose a roster')
    .positive('Choose a roster'),
})
