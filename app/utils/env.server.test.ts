import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { InvalidEnvironmentError, parseEnv } from './env.server'

function tempDatabasePath() {
  return join(mkdtempSync(join(tmpdir(), 'undersigned-env-')), 'nested', 'app.db')
}

describe('parseEnv', () => {
  test('runs with no configuration at all, generating and keeping a session secret beside the database', () => {
    const databasePath = tempDatabasePath()
    const env = parseEnv({ DATABASE_PATH: databasePath })
    expect(env.PORT).toBe(3000)
    expect(env.APP_URL).toBe('http://localhost:3000')
    expect(env.CONFIRMATION_TTL_HOURS).toBe(48)
    expect(env.RESEND_API_KEY).toBeUndefined()
    expect(env.SESSION_SECRET).toMatch(/^[0-9a-f]{64}$/)

    const secretFile = join(databasePath, '..', 'session-secret')
    expect(readFileSync(secretFile, 'utf8').trim()).toBe(env.SESSION_SECRET)
    // A restart reads the same secret back, so sessions survive it.
    expect(parseEnv({ DATABASE_PATH: databasePath }).SESSION_SECRET).toBe(env.SESSION_SECRET)
  })

  test('uses the given secret and writes no file', () => {
    const databasePath = tempDatabasePath()
    const env = parseEnv({ DATABASE_PATH: databasePath, SESSION_SECRET: 'x'.repeat(40), PORT: '8080' })
    expect(env.SESSION_SECRET).toBe('x'.repeat(40))
    expect(env.APP_URL).toBe('http://localhost:8080')
    expect(existsSync(join(databasePath, '..', 'session-secret'))).toBe(false)
  })

  test('treats empty values as unset and trims a trailing slash from APP_URL', () => {
    const env = parseEnv({
      DATABASE_PATH: tempDatabasePath(),
      PORT: '',
      RESEND_API_KEY: '',
      APP_URL: 'https://letters.example.org/',
    })
    expect(env.PORT).toBe(3000)
    expect(env.RESEND_API_KEY).toBeUndefined()
    expect(env.APP_URL).toBe('https://letters.example.org')
  })

  test('leaves the NPI registry off unless configured, with a 5 second timeout by default', () => {
    const unset = parseEnv({
      DATABASE_PATH: tempDatabasePath(),
      NPI_REGISTRY_URL: '',
      NPI_REGISTRY_TIMEOUT_MS: '',
    })
    expect(unset.NPI_REGISTRY_URL).toBeUndefined()
    expect(unset.NPI_REGISTRY_TIMEOUT_MS).toBe(5000)

    const set = parseEnv({
      DATABASE_PATH: tempDatabasePath(),
      NPI_REGISTRY_URL: 'https://npiregistry.cms.hhs.gov/api',
      NPI_REGISTRY_TIMEOUT_MS: '2500',
    })
    expect(set.NPI_REGISTRY_URL).toBe('https://npiregistry.cms.hhs.gov/api')
    expect(set.NPI_REGISTRY_TIMEOUT_MS).toBe(2500)
  })

  test.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ APP_URL: 'letters.example.org' }, 'APP_URL: must be an absolute URL'],
    [{ RESEND_BASE_URL: 'not a url' }, 'RESEND_BASE_URL'],
    [{ EMAIL_FROM: 'nobody' }, 'EMAIL_FROM: must be an address'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET: must be at least 32 characters'],
    [{ CONFIRMATION_TTL_HOURS: '-1' }, 'CONFIRMATION_TTL_HOURS'],
    [{ NPI_REGISTRY_URL: 'npiregistry.cms.hhs.gov/api' }, 'NPI_REGISTRY_URL: must be an absolute URL'],
    [{ NPI_REGISTRY_URL: 'ftp://npiregistry.cms.hhs.gov/api' }, 'NPI_REGISTRY_URL: must start with http'],
    [{ NPI_REGISTRY_TIMEOUT_MS: 'soon' }, 'NPI_REGISTRY_TIMEOUT_MS'],
    [{ NPI_REGISTRY_TIMEOUT_MS: '0' }, 'NPI_REGISTRY_TIMEOUT_MS'],
  ])('refuses %o with a message naming the variable', (overrides, expected) => {
    const parse = () => parseEnv({ DATABASE_PATH: tempDatabasePath(), ...overrides })
    expect(parse).toThrow(InvalidEnvironmentError)
    expect(parse).toThrow(expected)
  })
})
