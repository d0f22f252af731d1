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
    })
    expect(text).toContain(phrase)
    expect(text).toContain('http://localhost:3000/letters/judges')
    expect(alreadySignedSubject({ letterTitle })).toContain(letterTitle)
  })
})
