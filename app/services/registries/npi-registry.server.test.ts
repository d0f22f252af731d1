import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { fakeNpiRecords, startFakeNpi, type FakeNpi } from '../../../tests/fake-npi/server'
import { configuredRegistries } from './configured-registries.server'
import { createNpiRegistry, hasValidNpiCheckDigit, validateNpiNumber } from './npi-registry.server'

describe('validateNpiNumber', () => {
  test.each(['1234567893', '1245319599', '1003000126', '1497758544'])('accepts %s', (number) => {
    expect(validateNpiNumber(number)).toEqual({ ok: true, normalized: number })
  })

  test('accepts spaces and dashes people paste, and returns the bare digits', () => {
    expect(validateNpiNumber(' 123-456-7893 ')).toEqual({ ok: true, normalized: '1234567893' })
    expect(validateNpiNumber('12345 67893')).toEqual({ ok: true, normalized: '1234567893' })
  })

  test.each([
    ['123456789', 'exactly 10 digits'],
    ['12345678931', 'exactly 10 digits'],
    ['', 'only digits'],
    ['12345678a3', 'only digits'],
    ['1234567893.', 'only digits'],
    ['1234567890', 'check digit'],
    ['1245319598', 'check digit'],
    ['1003000127', 'check digit'],
  ])('refuses %o (%s)', (number, message) => {
    const result = validateNpiNumber(number)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.message).toContain(message)
  })

  test('the check digit follows the CMS rule (Luhn with the 80840 prefix)', () => {
    // Every other final digit of a valid number fails.
    for (let digit = 0; digit <= 9; digit++) {
      expect(hasValidNpiCheckDigit(`123456789${digit}`)).toBe(digit === 3)
    }
  })
})

describe('NPI registry lookup against a fake of the NPPES API', () => {
  let fake: FakeNpi
  beforeAll(async () => {
    fake = await startFakeNpi()
  })
  afterEach(() => {
    fake.setFailure(null)
    fake.setDelay(0)
    fake.setMalformed(false)
    fake.requests.length = 0
  })
  afterAll(async () => {
    await fake.close()
  })

  const registry = () => createNpiRegistry({ baseUrl: fake.url, timeoutMs: 300 })

  test('finds an active physician with the full name and credential', async () => {
    expect(await registry().lookup(fakeNpiRecords.activePhysician.number)).toEqual({
      kind: 'found',
      number: '1234567893',
      fullName: 'MARÍA ELENA GARCÍA',
      active: true,
      detail: 'M.D.',
    })
  })

  test('finds an inactive physician, marked not active', async () => {
    expect(await registry().lookup(fakeNpiRecords.inactivePhysician.number)).toMatchObject({
      kind: 'found',
      number: '1245319599',
      fullName: 'JOHN SMITH',
      active: false,
    })
  })

  test('names an organization (NPI-2) by its organization name', async () => {
    expect(await registry().lookup(fakeNpiRecords.organization.number)).toEqual({
      kind: 'found',
      number: '1003000126',
      fullName: 'COUNTY GENERAL HOSPITAL',
      active: true,
      detail: 'Organization',
    })
  })

  test('answers not-found for a valid number the registry does not know', async () => {
    expect(await registry().lookup('1497758544')).toEqual({ kind: 'not-found' })
  })

  test('sends version 2.1 and the normalized number in the query string', async () => {
    await registry().lookup('123-456-7893')
    expect(fake.requests).toHaveLength(1)
    const sent = new URL(fake.requests[0]!, fake.url)
    expect(sent.pathname).toBe('/')
    expect(sent.searchParams.get('version')).toBe('2.1')
    expect(sent.searchParams.get('number')).toBe('1234567893')
  })

  test('tolerates a trailing slash in the configured address', async () => {
    const withSlash = createNpiRegistry({ baseUrl: `${fake.url}/`, timeoutMs: 300 })
    expect(await withSlash.lookup('1234567893')).toMatchObject({ kind: 'found' })
    expect(fake.requests[0]).toMatch(/^\/\?version=2\.1&number=1234567893$/)
  })

  test('does not ask the registry about a number that fails validation', async () => {
    expect(await registry().lookup('1234567890')).toEqual({ kind: 'not-found' })
    expect(fake.requests).toHaveLength(0)
  })

  test('a 500 answer means unavailable', async () => {
    fake.setFailure(500)
    expect(await registry().lookup('1234567893')).toEqual({
      kind: 'unavailable',
      reason: 'NPI registry answered 500',
    })
  })

  test('a registry slower than the timeout means unavailable', async () => {
    fake.setDelay(1000)
    const started = Date.now()
    const result = await registry().lookup('1234567893')
    expect(result).toEqual({ kind: 'unavailable', reason: 'NPI registry did not answer within 300 ms' })
    expect(Date.now() - started).toBeLessThan(900)
  })

  test('a caller cancelling the lookup means unavailable, not a throw', async () => {
    fake.setDelay(1000)
    const controller = new AbortController()
    const pending = registry().lookup('1234567893', { signal: controller.signal })
    controller.abort()
    expect(await pending).toEqual({ kind: 'unavailable', reason: 'NPI registry lookup was cancelled' })
  })

  test('malformed JSON means unavailable', async () => {
    fake.setMalformed(true)
    expect(await registry().lookup('1234567893')).toEqual({
      kind: 'unavailable',
      reason: 'NPI registry sent invalid JSON',
    })
  })

  test('an answer of the wrong shape means unavailable', async () => {
    const wrongVersion = createNpiRegistry({ baseUrl: `${fake.url}/nowhere`, timeoutMs: 300 })
    expect(await wrongVersion.lookup('1234567893')).toMatchObject({ kind: 'unavailable' })
  })

  test('an unreachable registry means unavailable', async () => {
    const closed = await startFakeNpi()
    await closed.close()
    expect(await createNpiRegistry({ baseUrl: closed.url }).lookup('1234567893')).toMatchObject({
      kind: 'unavailable',
      reason: expect.stringContaining('could not be reached'),
    })
  })
})

describe('configuredRegistries', () => {
  test('offers no registry unless NPI_REGISTRY_URL is set', () => {
    expect(configuredRegistries({ NPI_REGISTRY_URL: undefined, NPI_REGISTRY_TIMEOUT_MS: 5000 })).toEqual([])
  })

  test('offers the NPI registry when NPI_REGISTRY_URL is set', () => {
    const registries = configuredRegistries({
      NPI_REGISTRY_URL: 'https://npiregistry.cms.hhs.gov/api',
      NPI_REGISTRY_TIMEOUT_MS: 5000,
    })
    expect(registries.map((registry) => [registry.id, registry.label])).toEqual([['npi', 'US NPI Registry']])
  })
})
