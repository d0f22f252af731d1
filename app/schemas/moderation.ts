import { isFlagKind } from '~/utils/flags'
import { z } from 'zod'

export const REJECTION_REASONS = {
  duplicate: 'Duplicate',
  'not-eligible': 'Not eligible',
  fake: 'Fake or impersonation',
  offensive: 'Offensive',
  other: 'Other',
} as const

const reasonField = z.enum(Object.keys(REJECTION_REASONS) as [keyof typeof REJECTION_REASONS], {
  errorMap: () => ({ message: 'Choose a reason' }),
})

const noteField = z
  .string({ invalid_type_error: 'The note must be text' })
  .trim()
  .max(500, 'A note has at most 500 characters')
  .optional()
  .transform((note) => note || null)

const idsField = z
  .array(z.coerce.number().int().positive(), { invalid_type_error: 'Select at least one signature' })
  .min(1, 'Select at least one signature')
  .max(20_000, 'Decide at most 20,000 signatures at once')

const requireNoteForOther = <T extends { reason: string; note: string | null }>(
  value: T,
  ctx: z.RefinementCtx,
) => {
  if (value.reason === 'other' && !value.note) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['note'],
      message: 'Say why, when the reason is “Other”',
    })
  }
}

const evidenceField = z
  .string({
    required_error: 'Give the evidence: a URL or a note',
    invalid_type_error: 'The evidence must be text',
  })
  .trim()
  .min(1, 'Give the evidence: a URL or a note')
  .max(500, 'The evidence has at most 500 characters')

const filterFields = {
  status: z.enum(['confirmed', 'approved', 'rejected', 'withdrawn', 'unconfirmed']),
  q: z.string().trim().max(100).optional(),
  profession: z.string().trim().max(100).optional(),
  domain: z.string().trim().max(253).optional(),
  flagged: z
    .string()
    .optional()
    .transform((value) => value === '1' || value === 'on'),
  range: z.string().trim().toLowerCase().max(64).optional(),
  flag: z
    .string()
    .optional()
    .transform((value) => (isFlagKind(value) ? value : undefined)),
  expected: z.coerce.number().int().min(0),
  maxId: z.coerce.number().int().min(0),
}

/** Every moderation form on the queue page: one schema, told apart by its intent. */
export const moderationSchema = z
  .discriminatedUnion('intent', [
    z.object({ intent: z.literal('approve'), ids: idsField }),
    z.object({ intent: z.literal('reject'), ids: idsField, reason: reasonField, note: noteField }),
    z.object({
      intent: z.literal('verify'),
      id: z.coerce.number().int().positive(),
      evidence: evidenceField,
    }),
    z.object({ intent: z.literal('dismiss-flag'), flagId: z.coerce.number().int().positive() }),
    z.object({ intent: z.literal('approve-all'), ...filterFields }),
    z.object({ intent: z.literal('reject-all'), ...filterFields, reason: reasonField, note: noteField }),
  ])
  .superRefine((value, ctx) => {
    if ('reason' in value) requireNoteForOther(value, ctx)
  })

export type ModerationSubmission = z.infer<typeof moderationSchema>
