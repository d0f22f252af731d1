import { z } from 'zod'
import { emailAddress } from './fields'

// The signer data page's forms: find a signer by address, export or erase their data, and the
// letter's retention setting.

export const RETENTION_MAX_DAYS = 3650

const signerEmail = emailAddress('Enter the signer’s email address')

export const findSignerSchema = z.object({
  intent: z.literal('find'),
  email: signerEmail,
})

export const exportSignerDataSchema = z.object({
  email: signerEmail,
})

const CONFIRM_MESSAGE = 'Type the same address again to confirm'

export const eraseSignerDataSchema = z
  .object({
    intent: z.literal('erase'),
    email: signerEmail,
    confirmEmail: z.string({ required_error: CONFIRM_MESSAGE, invalid_type_error: CONFIRM_MESSAGE }),
  })
  .superRefine((value, ctx) => {
    if (value.confirmEmail.trim().toLowerCase() !== value.email.toLowerCase()) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['confirmEmail'], message: CONFIRM_MESSAGE })
    }
  })

const RETENTION_MESSAGE = `Enter a whole number of days from 1 to ${RETENTION_MAX_DAYS}, or leave it empty to keep addresses`

export const retentionSchema = z.object({
  intent: z.literal('retention'),
  // Empty means "keep": conform reads an empty field as missing.
  retentionDays: z
    .number({ invalid_type_error: RETENTION_MESSAGE })
    .int(RETENTION_MESSAGE)
    .min(1, RETENTION_MESSAGE)
    .max(RETENTION_MAX_DAYS, RETENTION_MESSAGE)
    .optional()
    .transform((value) => value ?? null),
})
