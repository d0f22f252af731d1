import { z } from 'zod'
import type { BlockRuleKind } from '#db/schema'
import { domainProblem } from './employer-domain'
import { optionalText, tidyLine } from './fields'

// The Protection tab's forms: block a busy source, add or remove a block rule, add names to the
// watchlist or remove one. The IP check is strict on the server only (node:net is not in the
// browser); the browser checks the shape, and the server's answer carries the same field error.

export type IpRangeParser = (input: string) => string | null

export const TREND_WINDOW_HOURS = [1, 6, 24] as const
export const WATCHLIST_NAME_MAX = 120
export const WATCHLIST_NAMES_PER_ADD = 200

const blockKinds = ['ip-range', 'domain', 'email'] as const satisfies readonly BlockRuleKind[]

const kindField = z.enum(blockKinds, {
  errorMap: () => ({ message: 'Choose what to block: an IP range, a domain or an address' }),
})

const missingValue: Record<BlockRuleKind, string> = {
  'ip-range': 'Enter an IP address or range, like 203.0.113.0/24',
  domain: 'Enter a domain, like spam.example',
  email: 'Enter an email address, like name@example.org',
}

const BAD_IP =
  'Enter one IP address (203.0.113.7) or a range with its prefix length (203.0.113.0/24, 2001:db8:1::/48)'

/** Only digits, hex letters, dots, colons and one /prefix: the browser's stand-in for parseIpRange. */
const looksLikeIp = (value: string) => /^[0-9a-f.:]+(?:\/\d{1,3})?$/i.test(value) && /[.:]/.test(value)

const emailShape = z.string().email()

/** The value a rule of this kind keeps (tidied as screening compares it), or why it cannot be one. */
export function blockValue(
  kind: BlockRuleKind,
  raw: string | undefined,
  parseIpRange?: IpRangeParser,
): { value: string } | { problem: string } {
  const input = raw?.trim() ?? ''
  if (input === '') return { problem: missingValue[kind] }
  if (kind === 'ip-range') {
    const value = parseIpRange ? parseIpRange(input) : looksLikeIp(input) ? input : null
    return value ? { value } : { problem: BAD_IP }
  }
  if (kind === 'domain') {
    // "@spam.example" is how many people write a domain of addresses.
    const value = input.toLowerCase().replace(/^@/, '').replace(/\.$/, '')
    const problem = domainProblem(value)
    return problem ? { problem: problem.replace('like pd.lacounty.gov', 'like spam.example') } : { value }
  }
  const value = input.toLowerCase()
  if (value.length > 254) return { problem: 'An email address has at most 254 characters' }
  return emailShape.safeParse(value).success
    ? { value }
    : { problem: 'Enter one whole email address, like name@example.org' }
}

function withBlockValue<T extends { kind: BlockRuleKind; value?: string }>(parseIpRange?: IpRangeParser) {
  return (input: T, ctx: z.RefinementCtx) => {
    const outcome = blockValue(input.kind, input.value, parseIpRange)
    if ('problem' in outcome) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['value'], message: outcome.problem })
      return z.NEVER
    }
    return { ...input, value: outcome.value }
  }
}

const valueField = z.string({ invalid_type_error: 'Enter what to block' }).optional()

/** "Add a rule": any kind, with an optional note for the team. */
export const addBlockRuleSchema = (parseIpRange?: IpRangeParser) =>
  z
    .object({
      intent: z.literal('add-rule'),
      kind: kindField,
      value: valueField,
      note: optionalText('The note', 200),
    })
    .transform(withBlockValue(parseIpRange))

/** "Block" next to a busy network or domain on the trends list. */
export const blockSourceSchema = (parseIpRange?: IpRangeParser) =>
  z
    .object({
      intent: z.literal('block'),
      kind: z.enum(['ip-range', 'domain'], { errorMap: () => ({ message: 'Choose a network or a domain' }) }),
      value: valueField,
    })
    .transform(withBlockValue(parseIpRange))

const idField = (what: string) =>
  z
    .number({ required_error: `Choose a ${what}`, invalid_type_error: `Choose a ${what}` })
    .int(`Choose a ${what}`)
    .positive(`Choose a ${what}`)

export const removeBlockRuleSchema = z.object({ intent: z.literal('remove-rule'), ruleId: idField('rule') })

const NO_NAMES = 'Enter at least one name, one per line'

/** Several names, one per line: tidied, blank lines dropped, repeats (case aside) kept once. */
export const addWatchlistNamesSchema = z.object({
  intent: z.literal('add-names'),
  names: z
    .string({ required_error: NO_NAMES, invalid_type_error: NO_NAMES })
    .transform((text) => {
      const seen = new Set<string>()
      const names: string[] = []
      for (const line of text.split(/\r\n?|\n/)) {
        const name = tidyLine(line)
        if (!name || seen.has(name.toLowerCase())) continue
        seen.add(name.toLowerCase())
        names.push(name)
      }
      return names
    })
    .superRefine((names, ctx) => {
      const issue = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message })
      if (names.length === 0) return issue(NO_NAMES)
      if (names.length > WATCHLIST_NAMES_PER_ADD) {
        return issue(`Add at most ${WATCHLIST_NAMES_PER_ADD} names at once`)
      }
      const long = names.find((name) => name.length > WATCHLIST_NAME_MAX)
      if (long)
        issue(`A name has at most ${WATCHLIST_NAME_MAX} characters: “${long.slice(0, 40)}…” is longer`)
      const wordless = names.find((name) => !/\p{L}/u.test(name))
      if (wordless) issue(`“${wordless}” is not a name: write one name per line`)
    }),
})

export const removeWatchlistNameSchema = z.object({
  intent: z.literal('remove-name'),
  nameId: idField('name'),
})

export type AddBlockRuleInput = z.infer<ReturnType<typeof addBlockRuleSchema>>
