import { z } from 'zod'
import { emailAddress, optionalText, requiredLine, tidyParagraphs } from './fields'

// Shared by the browser (validation as you type) and the action (the authority).

export const LISTING_CHOICES = ['listed', 'counted'] as const

export const signLetterSchema = z.object({
  name: requiredLine('Enter your full name', 'Your name', 120),
  email: emailAddress(),
  profession: requiredLine('Enter your profession', 'Profession', 100),
  organization: requiredLine('Enter your organization, or “Independent”', 'Organization', 150),
  location: requiredLine('Enter your city or region', 'Location', 100),
  licenceNumber: optionalText('Licence number', 40),
  comment: optionalText('Your comment', 1000, tidyParagraphs),
  listing: z.enum(LISTING_CHOICES, {
    errorMap: () => ({ message: 'Choose whether your name is listed publicly' }),
  }),
})

export type SignLetterInput = z.infer<typeof signLetterSchema>

export const confirmationCodeSchema = z.object({
  code: z
    .string({
      required_error: 'Enter the 6-digit code from the email',
      invalid_type_error: 'Enter the 6-digit code from the email',
    })
    .transform((code) => code.replace(/\s+/g, ''))
    .refine((code) => /^\d{6}$/.test(code), 'The code is 6 digits, like 042917'),
})
