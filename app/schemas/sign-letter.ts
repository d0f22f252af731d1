import { z } from 'zod'

// Shared by the browser (validation as you type) and the action (the authority).

// Control characters and bidirectional overrides (which can make a name read backwards) go;
// joiners such as ZWNJ stay, because names in Persian, Hindi and other scripts need them.
const UNSAFE_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029]/gu

/** One line of text: NFC, unsafe characters out, single spaces. "  Zoë\u0000  Adams " is "Zoë Adams". */
function tidy(value: string) {
  return value.normalize('NFC').replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim()
}

/** Several lines of text: the same, but paragraphs are kept. */
function tidyParagraphs(value: string) {
  return value
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(tidy)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

// Refinements after the transform (not .pipe): conform turns an empty string into
// "missing" wherever it meets z.string(), which would replace our own messages.
function requiredText(missing: string, label: string, max: number) {
  return (
    z
      .string({ required_error: missing, invalid_type_error: missing })
      .transform(tidy)
      // Something readable, not only spaces, punctuation or invisible joiners.
      .refine((value) => /[\p{L}\p{N}]/u.test(value), missing)
      .refine((value) => value.length <= max, `${label} must be at most ${max} characters`)
  )
}

function optionalText(label: string, max: number, clean: (value: string) => string = tidy) {
  return z
    .string({ invalid_type_error: `${label} must be text` })
    .optional()
    .transform((value) => (value ? clean(value) : ''))
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
