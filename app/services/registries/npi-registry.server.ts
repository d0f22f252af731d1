import { z } from 'zod'
import type { LicenceRegistry, RegistryLookup, RegistryNumberCheck } from './registry'

// The US National Provider Identifier registry (NPPES), through its public JSON API:
// GET https://npiregistry.cms.hhs.gov/api/?version=2.1&number=<npi>.

export const NPI_REGISTRY_ID = 'npi'
export const DEFAULT_NPI_TIMEOUT_MS = 5000

/**
 * The CMS check-digit rule: the Luhn algorithm over the 9-digit identifier prefixed with 80840
 * (the ISO card-issuer prefix for US health), so "80840" + the full 10 digits must pass Luhn.
 */
export function hasValidNpiCheckDigit(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false
  const digits = `80840${npi}`
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

export function validateNpiNumber(input: string): RegistryNumberCheck {
  // People paste numbers with spaces or dashes; nothing else is tolerated.
  const normalized = input.trim().replace(/[\s-]/g, '')
  if (!/^\d+$/.test(normalized)) return { ok: false, message: 'An NPI number has only digits.' }
  if (normalized.length !== 10) return { ok: false, message: 'An NPI number has exactly 10 digits.' }
  if (!hasValidNpiCheckDigit(normalized)) {
    return { ok: false, message: 'This is not a valid NPI number: its check digit does not match.' }
  }
  return { ok: true, normalized }
}

// Only the fields we use; the API sends many more (addresses, taxonomies, ...).
const npiResultSchema = z.object({
  number: z.union([z.string(), z.number()]).transform(String),
  enumeration_type: z.string(),
  basic: z.object({
    first_name: z.string().optional(),
    last_name: z.string().optional(),
    middle_name: z.string().optional(),
    organization_name: z.string().optional(),
    credential: z.string().optional(),
    status: z.string().optional(),
  }),
})
const npiResponseSchema = z.object({
  result_count: z.number(),
  results: z.array(z.unknown()).optional(),
})

function fullNameOf(result: z.infer<typeof npiResultSchema>): string {
  const { basic } = result
  if (result.enumeration_type === 'NPI-2') return (basic.organization_name ?? '').trim()
  return [basic.first_name, basic.middle_name, basic.last_name]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ')
}

export type NpiRegistryConfig = { baseUrl: string; timeoutMs?: number }

export function createNpiRegistry({
  baseUrl,
  timeoutMs = DEFAULT_NPI_TIMEOUT_MS,
}: NpiRegistryConfig): LicenceRegistry {
  const endpoint = baseUrl.replace(/\/+$/, '')

  async function lookup(number: string, options: { signal?: AbortSignal } = {}): Promise<RegistryLookup> {
    const check = validateNpiNumber(number)
    if (!check.ok) return { kind: 'not-found' }
    const url = `${endpoint}/?version=2.1&number=${encodeURIComponent(check.normalized)}`

    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs)
    const forwardAbort = () => controller.abort(options.signal?.reason)
    if (options.signal?.aborted) forwardAbort()
    options.signal?.addEventListener('abort', forwardAbort, { once: true })
    try {
      let body: unknown
      try {
        const response = await fetch(url, {
          headers: { Accept: 'application/json' },
          signal: controller.signal,
        })
        if (!response.ok) return { kind: 'unavailable', reason: `NPI registry answered ${response.status}` }
        const text = await response.text()
        body = JSON.parse(text)
      } catch (error) {
        if (controller.signal.aborted) {
          return {
            kind: 'unavailable',
            reason: options.signal?.aborted
              ? 'NPI registry lookup was cancelled'
              : `NPI registry did not answer within ${timeoutMs} ms`,
          }
        }
        if (error instanceof SyntaxError)
          return { kind: 'unavailable', reason: 'NPI registry sent invalid JSON' }
        return { kind: 'unavailable', reason: `NPI registry could not be reached: ${String(error)}` }
      }

      const parsed = npiResponseSchema.safeParse(body)
      // The API answers 200 with { Errors: [...] } for requests it refuses.
      if (!parsed.success) return { kind: 'unavailable', reason: 'NPI registry sent an unexpected answer' }
      for (const raw of parsed.data.results ?? []) {
        const result = npiResultSchema.safeParse(raw)
        if (!result.success) return { kind: 'unavailable', reason: 'NPI registry sent an unexpected answer' }
        if (result.data.number !== check.normalized) continue
        const fullName = fullNameOf(result.data)
        const detail =
          result.data.enumeration_type === 'NPI-2' ? 'Organization' : result.data.basic.credential?.trim()
        return {
          kind: 'found',
          number: result.data.number,
          fullName,
          active: result.data.basic.status === 'A',
          ...(detail ? { detail } : {}),
        }
      }
      return { kind: 'not-found' }
    } finally {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', forwardAbort)
    }
  }

  return { id: NPI_REGISTRY_ID, label: 'US NPI Registry', validateNumber: validateNpiNumber, lookup }
}
