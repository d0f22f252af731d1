// A licence registry (issue 4): somewhere a signer's licence number can be checked. Each registry
// validates the number's format before any lookup, and a lookup never throws: a registry that
// cannot answer says so ('unavailable'), so a signature waits for review instead of failing.

export type RegistryNumberCheck = { ok: true; normalized: string } | { ok: false; message: string }

export type RegistryLookup =
  | { kind: 'found'; number: string; fullName: string; active: boolean; detail?: string }
  | { kind: 'not-found' }
  | { kind: 'unavailable'; reason: string }

export type LicenceRegistry = {
  /** Stable identifier, recorded with each verification (e.g. 'npi'). */
  id: string
  /** Shown to organizers and in badges (e.g. 'US NPI Registry'). */
  label: string
  validateNumber(number: string): RegistryNumberCheck
  lookup(number: string, options?: { signal?: AbortSignal }): Promise<RegistryLookup>
}
