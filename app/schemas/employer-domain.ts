import { z } from 'zod'
import { checkbox, requiredLine } from './fields'

// The employer domains page's forms: add a domain, remove one.

export const DOMAIN_MAX_LENGTH = 253

/** One label: letters (any script, for internationalized names as given), digits, inner hyphens. */
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}\p{M}-]{0,61}[\p{L}\p{N}\p{M}])?$/u

const ENTER_DOMAIN = 'Enter a domain, like pd.lacounty.gov'

/** Why this is not a domain name we can match, or null when it is one. */
export function domainProblem(value: string): string | null {
  if (value === '') return ENTER_DOMAIN
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(value) || value.includes('/'))
    return 'Enter the domain alone, without http:// or a path'
  if (value.includes('@')) return 'Enter the domain alone, without a name and @'
  if (value.length > DOMAIN_MAX_LENGTH) return `A domain has at most ${DOMAIN_MAX_LENGTH} characters`
  const labels = value.split('.')
  if (labels.length < 2) return 'Enter a full domain with a dot, like lacounty.gov'
  if (!labels.every((label) => LABEL.test(label))) {
    return 'A domain has letters, digits and hyphens between its dots, like pd.lacounty.gov'
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) return 'Enter a domain name, not an IP address'
  return null
}

export const addEmployerDomainSchema = z.object({
  intent: z.literal('add').optional(),
  domain: z
    .string({ required_error: ENTER_DOMAIN, invalid_type_error: ENTER_DOMAIN })
    // Lower-cased and without a trailing dot, as the matcher compares.
    .transform((value) => value.trim().toLowerCase().replace(/\.$/, ''))
    .superRefine((value, ctx) => {
      const problem = domainProblem(value)
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem })
    }),
  includeSubdomains: checkbox,
  organization: requiredLine('Enter the organization', 'The organization', 200),
  profession: requiredLine('Enter the profession it verifies', 'The profession', 100),
})

export type AddEmployerDomainInput = z.infer<typeof addEmployerDomainSchema>

export const removeEmployerDomainSchema = z.object({
  intent: z.literal('remove'),
  domainId: z
    .number({ required_error: 'Choose a domain', invalid_type_error: 'Choose a domain' })
    .int('Choose a domain')
    .positive('Choose a domain'),
})
