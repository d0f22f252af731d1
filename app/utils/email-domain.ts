// Employer email domains: which entry of a letter's list, if any, an email address belongs to.
// Pure string work: no DNS, no IDN conversion. Look-alikes (homoglyphs, suffix tricks) never match,
// because a match is label-for-label equality, compared code point by code point.

export type DomainEntry = { domain: string; includeSubdomains: boolean }

/** The domain part of an address: after the last '@', lower-cased, without a trailing dot. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@')
  if (at < 0) return null
  const domain = normalizeDomain(email.slice(at + 1))
  return domain === '' ? null : domain
}

/** Lower-cased, trimmed, without one trailing dot. Internationalized names stay as given. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '')
}

/** Whether `domain` (already normalized) is the entry's domain, or one of its subdomains when allowed. */
export function domainMatches(domain: string, entry: DomainEntry): boolean {
  const wanted = normalizeDomain(entry.domain)
  if (wanted === '') return false
  if (domain === wanted) return true
  return entry.includeSubdomains && domain.endsWith(`.${wanted}`)
}

/**
 * The entry an email address belongs to; when several match ('lacounty.gov' with subdomains and
 * 'pd.lacounty.gov'), the most specific (the longest domain) wins. Null when none match.
 */
export function matchEmailDomain<T extends DomainEntry>(email: string, entries: readonly T[]): T | null {
  const domain = emailDomain(email)
  if (!domain) return null
  let best: T | null = null
  for (const entry of entries) {
    if (!domainMatches(domain, entry)) continue
    if (!best || normalizeDomain(entry.domain).length > normalizeDomain(best.domain).length) best = entry
  }
  return best
}
