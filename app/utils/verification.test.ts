import { expect, test } from 'vitest'
import { badgeLabel, describeVerification, isProfessionVerified } from './verification'

test('the badge names the profession, lower-cased', () => {
  expect(badgeLabel('Public Defender')).toBe('Verified public defender')
})

test('the description gives method and date, never more', () => {
  expect(describeVerification('moderator', 'moderator-check', '2026-11-21T14:05:00.000Z')).toBe(
    'Checked by the organizers, 2026-11-21',
  )
  expect(describeVerification('moderator', null, null)).toBe('Checked by the organizers')
})

test('only checks of the profession earn a badge', () => {
  expect(isProfessionVerified('email')).toBe(false)
  expect(isProfessionVerified('none')).toBe(false)
  expect(['domain', 'registry', 'moderator'].every((level) => isProfessionVerified(level as never))).toBe(
    true,
  )
})

test('an employer domain is described as such, without the domain itself', () => {
  expect(describeVerification('domain', 'employer-domain', '2026-11-21T14:05:00.000Z')).toBe(
    'Employer email domain, 2026-11-21',
  )
})

test('a licence roster is described by its name; other verifiers never show', () => {
  expect(
    describeVerification(
      'registry',
      'licence-roster',
      '2026-11-21T14:05:00.000Z',
      'State Bar of California roster',
    ),
  ).toBe('State Bar of California roster, 2026-11-21')
  expect(describeVerification('moderator', 'moderator-check', null, 'Ana <ana@example.org>')).toBe(
    'Checked by the organizers',
  )
})

test('an HTTP licence registry is described by its label', () => {
  expect(
    describeVerification('registry', 'licence-registry', '2026-11-21T14:05:00.000Z', 'US NPI Registry'),
  ).toBe('US NPI Registry, 2026-11-21')
  expect(describeVerification('registry', 'licence-registry', null)).toBe('Licence registry')
})

test('a verification withdrawn on recheck is a confirmed email, with no public wording', () => {
  expect(describeVerification('email', 'licence-recheck', null, 'licence check')).toBe('Email confirmed')
})
