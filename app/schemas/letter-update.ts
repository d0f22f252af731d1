import { z } from 'zod'
import { requiredLine } from './fields'
import { normalizeLetterBody } from './letter'

// The letter's "Updates" tab: write (or revise) an update, delete one.

export const UPDATE_TITLE_MAX_LENGTH = 200
export const UPDATE_BODY_MAX_LENGTH = 20_000

const updateId = z.coerce
  .number({ invalid_type_error: 'This update could not be found. Reload the page and try again.' })
  .int()
  .positive()

export const letterUpdateSchema = z.object({
  /** Absent for a new update; the one being revised otherwise. */
  updateId: updateId.optional(),
  title: requiredLine('Give the update a title', 'The title', UPDATE_TITLE_MAX_LENGTH),
  bodyMarkdown: z
    .string({ required_error: 'Write the update', invalid_type_error: 'Write the update' })
    .transform(normalizeLetterBody)
    .refine((value) => /[\p{L}\p{N}]/u.test(value), 'Write the update')
    .refine(
      (value) => value.length <= UPDATE_BODY_MAX_LENGTH,
      `The update must be at most ${UPDATE_BODY_MAX_LENGTH.toLocaleString('en-US')} characters`,
    ),
})

export type LetterUpdateInput = z.infer<typeof letterUpdateSchema>

export const deleteLetterUpdateSchema = z.object({ updateId })

/** "Preview" checks nothing, so a half-written update can be previewed. */
export const letterUpdatePreviewSchema = z.object({
  updateId: z.string().optional(),
  title: z.string().optional(),
  bodyMarkdown: z.string().optional(),
})
