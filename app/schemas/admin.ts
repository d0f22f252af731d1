import { z } from 'zod'

export const emailField = z
  .string({ required_error: 'Enter your email address', invalid_type_error: 'Enter your email address' })
  .trim()
  .max(254, 'An email address has at most 254 characters')
  .email('Enter an email address like name@example.org')

export const signInSchema = z.object({
  email: emailField,
  redirectTo: z.string().optional(),
})
