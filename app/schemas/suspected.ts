import { z } from 'zod'

// The Suspected tab's one form: release or discard the chosen quarantined signatures.

export const SUSPECTED_PAGE_SIZE = 50

export const reviewSuspectedSchema = z.object({
  intent: z.enum(['release', 'discard'], {
    errorMap: () => ({ message: 'Choose to release or to discard' }),
  }),
  ids: z
    .array(z.coerce.number().int().positive(), { invalid_type_error: 'Select at least one signature' })
    .min(1, 'Select at least one signature')
    // One page at most: each release writes an email.
    .max(SUSPECTED_PAGE_SIZE, `Choose at most ${SUSPECTED_PAGE_SIZE} signatures at once`),
})

export type ReviewSuspectedInput = z.infer<typeof reviewSuspectedSchema>
