import { z } from 'zod'
import { emailAddress, tidyLine } from './fields'

// The team page's forms: invite someone, change a member's role, remove a member.

export const memberRoles = ['organizer', 'moderator'] as const

const roleField = z.enum(memberRoles, {
  errorMap: () => ({ message: 'Choose organizer or moderator' }),
})

const memberIdField = z
  .number({ required_error: 'Choose a member', invalid_type_error: 'Choose a member' })
  .int('Choose a member')
  .positive('Choose a member')

export const inviteMemberSchema = z.object({
  email: emailAddress('Enter their email address'),
  role: roleField,
  displayName: z
    .string({ invalid_type_error: 'Enter a name' })
    .transform(tidyLine)
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
