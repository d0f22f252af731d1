import { z } from 'zod'

// The team page's forms: invite someone, change a member's role, remove a member.

export const memberRoles = ['organizer', 'moderator'] as const

const roleField = z.enum(memberRoles, {
  errorMap: () => ({ message: 'Choose organizer or moderator' }),
})

const memberIdField = z
  .number({ required_error: 'Choose a member', invalid_type_error: 'Choose a member' })
  .int('Choose a member')
  .positive('Choose a member')

// Control characters and bidirectional overrides never belong in a name shown to others.
const UNSAFE_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029]/gu

export const inviteMemberSchema = z.object({
  email: z
    .string({ required_error: 'Enter their email address', invalid_type_error: 'Enter their email address' })
    .trim()
    .max(254, 'An email address has at most 254 characters')
    .email('Enter an email address like name@example.org'),
  role: roleField,
  displayName: z
    .string({ invalid_type_error: 'Enter a name' })
    .transform((value) => value.normalize('NFC').replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim())
    .refine((value) => value.length <= 80, 'A name has at most 80 characters')
    .optional(),
})

export const changeMemberRoleSchema = z.object({
  intent: z.literal('change-role'),
  userId: memberIdField,
  role: roleField,
})

export const removeMemberSchema = z.object({
  intent: z.literal('remove'),
  userId: memberIdField,
})
