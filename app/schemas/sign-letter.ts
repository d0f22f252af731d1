import { z } from 'zod'

// Shared by the browser (validation as you type) and the action (the authority).

/** NFC, no control characters, single spaces: "  Zoë\u0000  Adams " becomes "Zoë Adams". */
function tidy(value: string) {
  return value
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

// Refinements after the transform (not .pipe): conform turns an empty string into
// "missing" wherever it meets z.string(), which would replace our own messages.
function requiredText(missing: string, label: string, max: number) {
  return z
    .string({ required_error: missing, invalid_type_error: missing })
    .transform(tidy)
    .refine((value) => value.length > 0, missing)
    .refine((value) => value.length <= max, `${label} must be at most ${max} characters`)
}

function optionalText(label: string, max: number) {
  return z
    .string({ invalid_type_error: `${label} must be text` })
    .optional()
    .transform((value) => (value ? tidy(value) : ''))
    .refine((value) => value.length <= max, `${label} must be at most ${max} characters`)
    .transform((value) => value || null)
}

export const LISTING_CHOICES = ['listed', 'counted'] as const

export const signLetterSchema = z.object({
  name: requiredText('Enter your full name', 'Your name', 120),
  email: z
    .string({ required_error: 'Enter your email address', invalid_type_error: 'Enter your email address' })
    .trim()
    .max(254, 'An email address has at most 254 characters')
    .email('Enter an email address like name@example.org'),
  profession: requiredText('Enter your profession', 'Profession', 100),
  organization: requiredText('Enter your organization, or “Independent”', 'Organization', 150),
  location: requiredText('Enter your city or region', 'Location', 100),
  licenceNumber: optionalText('Licence number', 40),
  comment: optionalText('Your comment', 1000),
  listing: z.enum(LISTING_CHOICES, {
    errorMap: () => ({ message: 'Choose whether your name is listed publicly' }),
  }),
})

export type SignLetterInput = z.infer<typeof signLetterSchema>

export const confirmationCodeSchema = z.object({
  code: z
    .string({ required_error: 'Enter the 6-digit code from the email', invalid_type_error: 'Enter the 6-digit code from the email' })
    .transform((code) => code.replace(/\s+/g, ''))
    .refine((code) => /^\d{6}$/.test(code), 'The code is 6 digits, like 042917'),
})
