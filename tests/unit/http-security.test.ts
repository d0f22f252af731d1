import { describe, expect, test } from 'vitest'
import { BODY_MAX_LENGTH } from '~/schemas/letter'
import { MAX_ROSTER_FILE_BYTES } from '~/services/roster-import.server'
import {
  bodyLimitFor,
  createNonce,
  EMAIL_PREVIEW_POLICY,
  FORM_BODY_LIMIT,
  formPostVerdict,
  LETTER_FORM_BODY_LIMIT,
  plainPage,
  redactPath,
  ROSTER_FORM_BODY_LIMIT,
  IMPORT_FORM_BODY_LIMIT,
  securityHeaders,
} from '../../server/http-security.js'

const directives = (policy: string) =>
  Object.fromEntries(
    policy.split(';').map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/)
      return [name!, values.join(' ')]
    }),
  )

describe('security headers', () => {
  test('a page: scripts only from this site or with the nonce, no inline styles, never framed', () => {
    const headers = securityHeaders({ path: '/letters/let-judges-judge', nonce: 'abc123', hsts: false })
    expect(directives(headers['Content-Security-Policy']!)).toEqual({
      'default-src': "'self'",
      'script-src': "'self' 'nonce-abc123'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
    })
    expect(headers).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    })
    expect(headers).not.toHaveProperty('Strict-Transport-Security')
  })

  test.each([
    '/confirm/AbC-123_x',
    '/confirm/AbC-123_x.data',
    '/manage/AbC-123_x',
    '/admin/sign-in/AbC-123_x',
  ])('a page whose address holds a token sends no referrer at all: %s', (path) => {
    expect(securityHeaders({ path, nonce: 'n', hsts: false })['Referrer-Policy']).toBe('no-referrer')
  })

  test.each(['/admin/sign-in', '/letters/confirm', '/admin/outbox/3'])(
    'other pages keep the default referrer policy: %s',
    (path) => {
      expect(securityHeaders({ path, nonce: 'n', hsts: false })['Referrer-Policy']).toBe(
        'strict-origin-when-cross-origin',
      )
    },
  )

  test('pages under /embed/ may be framed by any site, and only they', () => {
    for (const path of ['/embed/let-judges-judge', '/embed/let-judges-judge/count.data']) {
      const headers = securityHeaders({ path, nonce: 'n', hsts: false })
      expect(directives(headers['Content-Security-Policy']!)).toMatchObject({
        'frame-ancestors': '*',
        'script-src': "'self' 'nonce-n'",
        // An embed is one small document with its own inline style (and its own stricter policy).
        'style-src': "'self' 'unsafe-inline'",
      })
      expect(headers).not.toHaveProperty('X-Frame-Options')
    }
    for (const path of ['/embedded', '/letters/embed', '/embed-x/y']) {
      const headers = securityHeaders({ path, nonce: 'n', hsts: false })
      expect(headers['X-Frame-Options'], path).toBe('DENY')
      expect(directives(headers['Content-Security-Policy']!)['frame-ancestors'], path).toBe("'none'")
    }
  })

  test('an email preview may style itself inline but run nothing, and only the outbox frames it', () => {
    const headers = securityHeaders({ path: '/admin/outbox/12/preview', nonce: 'n', hsts: false })
    expect(headers['Content-Security-Policy']).toBe(EMAIL_PREVIEW_POLICY)
    const policy = directives(EMAIL_PREVIEW_POLICY)
    expect(policy).toMatchObject({
      'default-src': "'none'",
      'style-src': "'unsafe-inline'",
      'frame-ancestors': "'self'",
      sandbox: '',
    })
    expect(policy).not.toHaveProperty('script-src')
    expect(headers['X-Frame-Options']).toBe('SAMEORIGIN')
    expect(headers['Referrer-Policy']).toBe('no-referrer')
  })

  test('HSTS only when asked (production on https)', () => {
    const headers = securityHeaders({ path: '/', nonce: 'n', hsts: true })
    expect(headers['Strict-Transport-Security']).toBe('max-age=31536000')
  })

  test('nonces are fresh, unguessable and safe inside a header', () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce))
    expect(nonces.size).toBe(1000)
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
    }
  })
})

describe('form posts from another site', () => {
  const appOrigin = 'https://letters.example.org'
  const verdict = (request: { origin?: string; fetchSite?: string; host?: string; path?: string }) =>
    formPostVerdict({ path: '/letters/x', host: 'localhost:3000', appOrigin, ...request })

  test('Sec-Fetch-Site: cross-site is refused whatever Origin says', () => {
    expect(verdict({ fetchSite: 'cross-site' })).toBe('foreign')
    expect(verdict({ fetchSite: 'cross-site', origin: 'http://localhost:3000' })).toBe('foreign')
    expect(verdict({ fetchSite: 'cross-site', origin: appOrigin })).toBe('foreign')
  })

  test('same-origin, same-site and none pass the first check; Origin is then checked as well', () => {
    expect(verdict({ fetchSite: 'same-origin', origin: 'http://localhost:3000' })).toBe('same-site')
    expect(verdict({ fetchSite: 'same-site', origin: appOrigin })).toBe('public-address')
    expect(verdict({ fetchSite: 'none' })).toBe('same-site')
    expect(verdict({ fetchSite: 'same-site' })).toBe('same-site')
    // A sibling subdomain is same-site, but not this site.
    expect(verdict({ fetchSite: 'same-site', origin: 'https://blog.example.org' })).toBe('foreign')
  })

  test('without Sec-Fetch-Site, Origin decides', () => {
    expect(verdict({ origin: 'http://localhost:3000' })).toBe('same-site')
    expect(verdict({ origin: appOrigin })).toBe('public-address')
    expect(verdict({ origin: 'https://evil.example' })).toBe('foreign')
    expect(verdict({ origin: 'http://localhost:3001' })).toBe('foreign')
    expect(verdict({ origin: 'not a url' })).toBe('foreign')
    expect(verdict({})).toBe('same-site')
  })

  test('Origin: null passes only from this site’s own no-referrer pages', () => {
    expect(verdict({ origin: 'null', fetchSite: 'same-origin' })).toBe('null-origin')
    expect(verdict({ origin: 'null', fetchSite: 'same-site' })).toBe('foreign')
    expect(verdict({ origin: 'null', fetchSite: 'cross-site' })).toBe('foreign')
    // A browser too old for Sec-Fetch-Site: only where the path's secret proves the page was opened.
    expect(verdict({ origin: 'null' })).toBe('foreign')
    expect(verdict({ origin: 'null', path: '/confirm/abc' })).toBe('null-origin')
    expect(verdict({ origin: 'null', path: '/manage/abc.data' })).toBe('null-origin')
    expect(verdict({ origin: 'null', path: '/admin/sign-in/abc' })).toBe('null-origin')
    expect(verdict({ origin: 'null', path: '/admin/sign-in' })).toBe('foreign')
  })
})

describe('body limits', () => {
  test('ordinary forms take 64 kB; the editor and the roster import more', () => {
    expect(bodyLimitFor('/letters/let-judges-judge')).toBe(FORM_BODY_LIMIT)
    expect(bodyLimitFor('/admin/letters/4/queue')).toBe(FORM_BODY_LIMIT)
    expect(bodyLimitFor('/admin/letters/new')).toBe(LETTER_FORM_BODY_LIMIT)
    expect(bodyLimitFor('/admin/letters/4/import')).toBe(IMPORT_FORM_BODY_LIMIT)
    expect(bodyLimitFor('/admin/letters/4/edit')).toBe(LETTER_FORM_BODY_LIMIT)
    expect(bodyLimitFor('/admin/letters/4/edit.data')).toBe(LETTER_FORM_BODY_LIMIT)
    expect(bodyLimitFor('/admin/markdown-preview')).toBe(LETTER_FORM_BODY_LIMIT)
    expect(bodyLimitFor('/admin/letters/4/rosters')).toBe(ROSTER_FORM_BODY_LIMIT)
    expect(bodyLimitFor('/admin/letters/4/rosters.data')).toBe(ROSTER_FORM_BODY_LIMIT)
    expect(bodyLimitFor('/admin/letters/4/rosters/extra')).toBe(FORM_BODY_LIMIT)
  })

  test('the limits fit the longest input the forms accept', () => {
    // A BMP character is up to 3 bytes of UTF-8, each percent-encoded as 3 characters.
    expect(LETTER_FORM_BODY_LIMIT).toBeGreaterThanOrEqual(BODY_MAX_LENGTH * 9 + FORM_BODY_LIMIT)
    expect(ROSTER_FORM_BODY_LIMIT).toBeGreaterThan(MAX_ROSTER_FILE_BYTES)
    const longestSignature = new URLSearchParams({
      name: '字'.repeat(120),
      email: `${'a'.repeat(64)}@${'b'.repeat(189)}`,
      profession: '字'.repeat(100),
      organization: '字'.repeat(150),
      location: '字'.repeat(100),
      licenceNumber: '字'.repeat(40),
      comment: '字'.repeat(1000),
      listing: 'listed',
    }).toString()
    expect(longestSignature.length).toBeLessThan(FORM_BODY_LIMIT)
  })
})

describe('the access log and plain pages', () => {
  test('tokens never reach the log', () => {
    expect(redactPath('/confirm/AbC-123?x=1')).toBe('/confirm/[token]?x=1')
    expect(redactPath('/manage/AbC-123.data')).toBe('/manage/[token]')
    expect(redactPath('/admin/sign-in/AbC-123?redirectTo=%2Fadmin')).toBe(
      '/admin/sign-in/[token]?redirectTo=%2Fadmin',
    )
    expect(redactPath('/admin/sign-in?redirectTo=%2Fadmin')).toBe('/admin/sign-in?redirectTo=%2Fadmin')
  })

  test('plain pages have no inline style or script, and escape their title', () => {
    const page = plainPage('A <b>title</b>', ['Text'])
    expect(page).not.toMatch(/<script|<style|style=/)
    expect(page).toContain('<link rel="stylesheet" href="/plain-page.css">')
    expect(page).toContain('A &#60;b&#62;title&#60;/b&#62;')
  })
})
