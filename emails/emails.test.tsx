import { describe, expect, test } from 'vitest'
import { renderEmail } from './index'
import { alreadySignedSubject } from './already-signed'
import { confirmSignatureSubject } from './confirm-signature'

const letterTitle = 'Judges & “Discretion” <now>'

describe('confirm-signature', () => {
  test('carries the link and the code in both HTML and plain text', async () => {
    const { html, text } = await renderEmail('confirm-signature', {
      signerName: 'Zoë Nguyễn',
      letterTitle,
      letterUrl: 'http://localhost:3000/letters/judges',
      expiresInHours: 48,
      confirmUrl: 'http://localhost:3000/confirm/abc_DEF-123',
      code: '042917',
      manageUrl: 'http://localhost:3000/manage/mng_XYZ-789',
    })
    expect(text).toContain('http://localhost:3000/confirm/abc_DEF-123')
    expect(text).toContain('042917')
    expect(text).toContain('48 hours')
    expect(text).toContain('Zoë Nguyễn')
    expect(html).toContain('href="http://localhost:3000/confirm/abc_DEF-123"')
    // Escaped once for HTML, never twice.
    expect(html).toContain('Judges &amp; “Discretion” &lt;now&gt;')
    expect(html).not.toContain('&amp;amp;')
    expect(html).not.toContain('<now>')
  })

  test('carries a "manage your signature" link after the code', async () => {
    const { html, text } = await renderEmail('confirm-signature', {
      signerName: 'Zoë Nguyễn',
      letterTitle,
      letterUrl: 'http://localhost:3000/letters/judges',
      expiresInHours: 48,
      confirmUrl: 'http://localhost:3000/confirm/abc_DEF-123',
      code: '042917',
      manageUrl: 'http://localhost:3000/manage/mng-123456-x',
    })
    expect(text).toMatch(/Manage your signature \[?http:\/\/localhost:3000\/manage\/mng-123456-x/)
    expect(html).toContain('href="http://localhost:3000/manage/mng-123456-x"')
    // Readers of the email (and the e2e fixture) take the first 6-digit number as the code.
    expect(/\b(\d{6})\b/.exec(text)?.[1]).toBe('042917')
  })

  test('an email queued before manage links existed renders without one', async () => {
    const { text } = await renderEmail('confirm-signature', {
      signerName: 'Zoë Nguyễn',
      letterTitle,
      letterUrl: 'http://localhost:3000/letters/judges',
      expiresInHours: 48,
      confirmUrl: 'http://localhost:3000/confirm/abc_DEF-123',
      code: '042917',
    } as Parameters<typeof renderEmail<'confirm-signature'>>[1])
    expect(text).toContain('042917')
    expect(text).not.toContain('Manage your signature')
  })

  test('subject is plain text, not HTML', () => {
    expect(confirmSignatureSubject({ letterTitle })).toBe(
      'Confirm your signature on “Judges & “Discretion” <now>”',
    )
  })
})

describe('already-signed', () => {
  test.each([
    ['listed', 'confirmed and counted'],
    ['awaiting-review', 'waiting for the organizers’ review'],
    ['not-listed', 'does not appear on the letter'],
  ] as const)('explains a %s signature', async (standing, phrase) => {
    const { text } = await renderEmail('already-signed', {
      signerName: 'Ana',
      letterTitle,
      letterUrl: 'http://localhost:3000/letters/judges',
      standing,
      manageUrl: 'http://localhost:3000/manage/mng_XYZ-789',
    })
    expect(text).toContain(phrase)
    expect(text).toContain('http://localhost:3000/letters/judges')
    expect(text).toMatch(/Manage your signature \[?http:\/\/localhost:3000\/manage\/mng_XYZ-789/)
    expect(alreadySignedSubject({ letterTitle })).toContain(letterTitle)
  })
})

describe('imported-signature-invite', () => {
  test('names the source and carries the confirmation link, escaped once', async () => {
    const { html, text } = await renderEmail('imported-signature-invite', {
      signerName: 'Жанна Иванова',
      letterTitle,
      letterUrl: 'http://localhost:3000/letters/judges',
      source: 'Change.org & friends',
      expiresInHours: 336,
      confirmUrl: 'http://localhost:3000/confirm/abc_DEF-123',
      manageUrl: 'http://localhost:3000/manage/mng-123456-x',
    })
    expect(text).toContain('http://localhost:3000/confirm/abc_DEF-123')
    expect(text).toContain('Change.org & friends')
    expect(text).toContain('14 days')
    expect(text).toContain('Жанна Иванова')
    expect(html).toContain('href="http://localhost:3000/confirm/abc_DEF-123"')
    expect(html).toContain('Change.org &amp; friends')
    expect(html).not.toContain('&amp;amp;')
  })
})
