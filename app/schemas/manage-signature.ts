import { z } from 'zod'
import { LISTING_CHOICES } from './sign-letter'

// The "manage your signature" page: two forms, told apart by their hidden `intent` field.

export const MANAGE_INTENTS = ['change-listing', 'withdraw', 'update-emails'] as const

export const UPDATE_EMAIL_CHOICES = ['subscribe', 'unsubscribe'] as const

const unknownIntent = () => ({
  message: 'This request could not be understood. Reload the page and try again.',
})

export const manageSignatureSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({
      intent: z.literal('change-listing'),
      listing: z.enum(LISTING_CHOICES, {
        errorMap: () => ({ message: 'Choose whether your name is listed publicly' }),
      }),
    }),
    z.object({ intent: z.literal('withdraw') }),
    z.object({
      intent: z.literal('update-emails'),
      updates: z.enum(UPDATE_EMAIL_CHOICES, {
        errorMap: () => ({ message: 'Choose whether you want update emails' }),
      }),
    }),
  ],
  { errorMap: unknownIntent },
)

export type ManageSignatureInput = z.infer<typeof manageSignatureSchema>
