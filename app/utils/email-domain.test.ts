import { describe, expect, test } from 'vitest'
import { domainMatches, emailDomain, matchEmailDomain } from './email-domain'

const exact = (domain: string) => ({ domain, includeSubdomains: false })
const withSubdomains = (domain: string) => ({ domain, includeSubdomains: true })

describe('emailDomain', () => {
  test('takes what follows the last @, lower-cased, without a trailing dot', () => {
    expect(emailDomain('Ana@PD.LACounty.gov')).toBe('pd.lacounty.gov')
    expect(emailDomain('"a@b"@pd.lacounty.gov')).toBe('pd.lacounty.gov')
    expect(emailDomain('ana@pd.lacounty.gov.')).toBe('pd.lacounty.gov')
    expect(emailDomain('ana@bücher.example')).toBe('bücher.example')
  })

  test('an address without a domain has none', () => {
    expect(emailDomain('no-at-sign')).toBeNull()
    expect(emailDomain('ana@')).toBeNull()
  })
})

describe('domainMatches', () => {
  test('an exact entry matches only its own domain', () => {
    expect(domainMatches('pd.lacounty.gov', exact('pd.lacounty.gov'))).toBe(true)
    expect(domainMatches('trial.pd.lacounty.gov', exact('pd.lacounty.gov'))).toBe(false)
  })

  test('an entry with subdomains matches the domain and any subdomain', () => {
    expect(domainMatches('lacounty.gov', withSubdomains('lacounty.gov'))).toBe(true)
    expect(domainMatches('pd.lacounty.gov', withSubdomains('lacounty.gov'))).toBe(true)
    expect(domainMatches('a.b.pd.lacounty.gov', withSubdomains('lacounty.gov'))).toBe(true)
  })

  test.each([
    ['evilpd.lacounty.gov', exact('pd.lacounty.gov')],
    ['evilpd.lacounty.gov', withSubdomains('pd.lacounty.gov')],
    ['lacounty.gov.evil.com', withSubdomains('lacounty.gov')],
    ['pd-lacounty.gov', withSubdomains('lacounty.gov')],
    ['lacounty.gov', withSubdomains('pd.lacounty.gov')],
    ['xlacounty.gov', withSubdomains('lacounty.gov')],
    ['lacоunty.gov', withSubdomains('lacounty.gov')], // Cyrillic о
    ['pd.lacоunty.gov', withSubdomains('lacounty.gov')], // Cyrillic о
    ['lacounty.gov', withSubdomains('lacоunty.gov')], // the entry is the look-alike
    ['lacounty.gov', exact('')],
  ])('%s does not match %o', (domain, entry) => {
    expect(domainMatches(domain, entry)).toBe(false)
  })
})

describe('matchEmailDomain', () => {
  const entries = [
    { ...withSubdomains('lacounty.gov'), organization: 'LA County' },
    { ...exact('pd.lacounty.gov'), organization: 'LA County Public Defender' },
    { ...withSubdomains('example.org'), organization: 'Example' },
  ]

  test('the most specific match wins, whatever the order', () => {
    expect(matchEmailDomain('ana@pd.lacounty.gov', entries)?.organization).toBe('LA County Public Defender')
    expect(matchEmailDomain('ana@pd.lacounty.gov', [...entries].reverse())?.organization).toBe(
      'LA County Public Defender',
    )
    expect(matchEmailDomain('ana@trial.pd.lacounty.gov', entries)?.organization).toBe('LA County')
    expect(matchEmailDomain('ana@lacounty.gov', entries)?.organization).toBe('LA County')
  })

  test('case and a trailing dot do not matter', () => {
    expect(matchEmailDomain('Ana@PD.LACOUNTY.GOV.', entries)?.organization).toBe('LA County Public Defender')
  })

  test('no match, or look-alikes, give null', () => {
    expect(matchEmailDomain('ana@gmail.com', entries)).toBeNull()
    expect(matchEmailDomain('ana@lacounty.gov.evil.com', entries)).toBeNull()
    expect(matchEmailDomain('ana@xlacounty.gov', entries)).toBeNull()
    expect(matchEmailDomain('ana@lacоunty.gov', entries)).toBeNull()
    expect(matchEmailDomain('ana@example.org@evil.com', entries)).toBeNull()
    expect(matchEmailDomain('ana@pd.lacounty.gov', [])).toBeNull()
  })
})
