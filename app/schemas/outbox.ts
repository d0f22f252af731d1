import { z } from 'zod'

export const outboxStatuses = ['pending', 'sent', 'delivered_locally', 'failed'] as const

/** The "Retry" button of a failed email; it comes back to the list it was pressed on. */
export const retryEmailSchema = z.object({
  intent: z.literal('retry', {
    errorMap: () => ({ message: 'Only a retry can be asked for here' }),
  }),
  returnTo: z.string().max(500).optional(),
})
