import { unstable_coerceFormValue as coerceFormValue } from '@conform-to/zod'
import { z } from 'zod'
import { checkbox, emailAddress, optionalText, requiredLine, tidyLine, tidyParagraphs } from './fields'

// Shared by the browser (validation as you type) and the action (the authority).

export const LISTING_CHOICES = ['listed', 'counted'] as const

const ENTER_PROFESSION = 'Enter your profession'
const CHOOSE_PROFESSION = 'Choose your profession'
const PROFESSION_MAX_LENGTH = 100

/**
 * Free text, or, when the letter lists the professions that may sign, one of them: matched
 * whatever its case and given back as the letter spells it.
 */
function professionField(allowedProfessions: readonly string[]) {
  if (allowedProfessions.length === 0) {
    return requiredLine(ENTER_PROFESSION, 'Profession', PROFESSION_MAX_LENGTH)
  }
  const byKey = new Map(allowedProfessions.map((profession) => [profession.toLowerCase(), profession]))
  return z
    .string({ required_error: CHOOSE_PROFESSION, invalid_type_error: CHOOSE_PROFESSION })
    .transform((value, context) => {
      const tidy = tidyLine(value)
      const chosen = byKey.get(tidy.toLowerCase())
      if (chosen) return chosen
      context.addIssue({
        code: z.ZodIssueCode.custom,
        message: tidy ? 'Choose one of the professions this letter lists' : CHOOSE_PROFESSION,
      })
      return z.NEVER
    })
}

/** The signing form's schema for a letter: its allowed professions, or free text when none. */
export function signLetterSchemaFor(allowedProfessions: readonly string[]) {
  return z.object({
    name: requiredLine('Enter your full name', 'Your name', 120),
    email: emailAddress(),
    profession: professionField(allowedProfessions),
    organization: requiredLine('Enter your organization, or “Independent”', 'Organization', 150),
    location: requiredLine('Enter your city or region', 'Location', 100),
    licenceNumber: optionalText('Licence number', 40),
    comment: optionalText('Your comment', 1000, tidyParagraphs),
    listing: z.enum(LISTING_CHOICES, {
      errorMap: () => ({ message: 'Choose whether your name is listed publicly' }),
    }),
    wantsUpdates: checkbox,
  })
}

const formSchemas = new Map<
  string,
  ReturnType<typeof coerceFormValue<ReturnType<typeof signLetterSchemaFor>>>
>()

/**
 * The schema with conform's coercion of form values (parse it with `disableAutoCoercion`), built
 * once per list of professions: parseWithZod would rebuild it for every signature, which cost more
 * CPU than the signature's own checks (ADR 014).
 */
export function signLetterFormSchemaFor(allowedProfessions: readonly string[]) {
  const key = JSON.stringify(allowedProfessions)
  let schema = formSchemas.get(key)
  if (!schema) {
    // Letters change their lists rarely; a bound keeps an edited list's old schemas from piling up.
    if (formSchemas.size >= 200) formSchemas.delete(formSchemas.keys().next().value!)
    schema = coerceFormValue(signLetterSchemaFor(allowedProfessions))
    formSchemas.set(key, schema)
  }
  return schema
}

/** For letters that take any profession (and for tests that sign such letters). */
export const signLetterSchema = signLetterSchemaFor([])

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
