import { describe, expect, test } from 'vitest'
import type { Listing, SignatureStatus } from '#db/schema'
import { listAuditEvents } from '~/models/audit.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { issueManageToken } from '~/models/signature-manage-token.server'
import { changeSignatureListing, getSignatureById, listPublicSignatories } from '~/models/signature.server'
import { getDb } from '~/utils/db.server'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import {
  changeListingBySigner,
  findManagedSignature,
  standingOf,
  withdrawBySigner,
} from './self-service.server'

async function managedSignature(traits: { status?: SignatureStatus; listing?: Listing } = {}) {
  const letter = await createTestLetter(getDb())
  const signature = await createTestSignature(getDb(), letter, { name: 'Maya Okafor', ...traits })
  const token = await issueManageToken(getDb(), signature.id)
  return { letter, signature, token }
}

const publicNames = async (letterId: number) =>
  (
    await listPublicSignatories(getDb(), { id: letterId, listing_requires: 'email' }, { pageSize: 100 })
  ).signatories.map((row) => row.name)

const auditTrail = async (letterId: number) =>
  (await listAuditEvents(getDb(), letterId, { pageSize: 100 })).events.map((event) => ({
    action: event.action,
    actor: `${event.actor_type}:${event.actor_label}`,
    before: event.before && JSON.parse(event.before),
    after: event.after && JSON.parse(event.after),
  }))

describe('standingOf', () => {
  test.each([
    ['unconfirmed', 'listed', 'awaiting-confirmation'],
    ['confirmed', 'counted', 'awaiting-review'],
    ['approved', 'listed', 'listed'],
    ['approved', 'counted', 'counted'],
    ['rejected', 'listed', 'declined'],
    ['withdrawn', 'counted', 'withdrawn'],
  ] as const)('%s and %s reads as %s', (status, listing, standing) => {
    expect(standingOf({ status, listing })).toBe(standing)
  })
})

describe('findManagedSignature', () => {
  test('finds the signature and its letter by token, and nothing for an unknown or empty one', async () => {
    const { letter, signature, token } = await managedSignature()
    const found = await findManagedSignature(getDb(), token)
    expect(found?.signature.id).toBe(signature.id)
    expect(found?.letter.id).toBe(letter.id)
    expect(await findManagedSignature(getDb(), 'made-up')).toBeNull()
    expect(await findManagedSignature(getDb(), '')).toBeNull()
  })
})

describe('changeListingBySigner', () => {
  test('on an approved signature, moves the name off the list and between the counts at once', async () => {
    const { letter, signature, token } = await managedSignature({ status: 'approved' })
    expect(await publicNames(letter.id)).toEqual(['Maya Okafor'])

    const outcome = await changeListingBySigner(getDb(), token, 'counted')
    expect(outcome).toEqual({ kind: 'changed', listing: 'counted', standing: 'counted' })
    expect((await getSignatureById(getDb(), signature.id))!.listing).toBe('counted')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({
      approved: 1,
      approvedListed: 0,
      approvedCounted: 1,
    })
    expect(await publicNames(letter.id)).toEqual([])

    expect(await changeListingBySigner(getDb(), token, 'listed')).toMatchObject({ kind: 'changed' })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approvedListed: 1, approvedCounted: 0 })
    expect(await publicNames(letter.id)).toEqual(['Maya Okafor'])

    expect(await auditTrail(letter.id)).toEqual([
      {
        action: 'signature.listing-changed-by-signer',
        actor: 'signer:Maya Okafor',
        before: { listing: 'counted' },
        after: { listing: 'listed' },
      },
      {
        action: 'signature.listing-changed-by-signer',
        actor: 'signer:Maya Okafor',
        before: { listing: 'listed' },
        after: { listing: 'counted' },
      },
    ])
  })

  test('choosing what is already stored changes nothing and records nothing', async () => {
    const { letter, token } = await managedSignature({ status: 'approved', listing: 'counted' })
    expect(await changeListingBySigner(getDb(), token, 'counted')).toEqual({
      kind: 'unchanged',
      listing: 'counted',
      standing: 'counted',
    })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approvedCounted: 1 })
    expect(await auditTrail(letter.id)).toEqual([])
  })

  test('before approval, the choice is stored for later and the status counts stay whole', async () => {
    const { letter, signature, token } = await managedSignature({ status: 'confirmed' })
    expect(await changeListingBySigner(getDb(), token, 'counted')).toMatchObject({
      kind: 'changed',
      standing: 'awaiting-review',
    })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ confirmed: 1, approved: 0 })
    const rows = await getDb()
      .selectFrom('signature_tallies')
      .select(['listing', 'count'])
      .where('letter_id', '=', letter.id)
      .where('status', '=', 'confirmed')
      .orderBy('listing')
      .execute()
    // The emptied row goes away rather than lingering at zero.
    expect(rows).toEqual([{ listing: 'counted', count: 1 }])
    expect((await getSignatureById(getDb(), signature.id))!.listing).toBe('counted')
  })

  test.each(['withdrawn', 'rejected'] as const)(
    'a %s signature has nothing left to change',
    async (status) => {
      const { letter, signature, token } = await managedSignature({ status })
      expect(await changeListingBySigner(getDb(), token, 'counted')).toEqual({
        kind: 'unavailable',
        standing: status === 'withdrawn' ? 'withdrawn' : 'declined',
      })
      expect((await getSignatureById(getDb(), signature.id))!.listing).toBe('listed')
      expect(await auditTrail(letter.id)).toEqual([])
    },
  )

  test('an unknown token changes nothing', async () => {
    expect(await changeListingBySigner(getDb(), 'made-up', 'counted')).toEqual({ kind: 'not-found' })
  })
})

describe('changeSignatureListing', () => {
  test('a stale view of the signature moves nothing', async () => {
    const { letter, signature } = await managedSignature({ status: 'approved' })
    expect(await changeSignatureListing(getDb(), { ...signature, status: 'confirmed' }, 'counted')).toBe(
      false,
    )
    expect(await changeSignatureListing(getDb(), { ...signature, listing: 'counted' }, 'listed')).toBe(false)
    expect(await changeSignatureListing(getDb(), signature, 'listed')).toBe(false)
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approvedListed: 1, approvedCounted: 0 })
    expect((await getSignatureById(getDb(), signature.id))!.listing).toBe('listed')
  })
})

describe('withdrawBySigner', () => {
  test.each(['unconfirmed', 'confirmed', 'approved'] as const)(
    'a %s signature leaves the list and the count at once, with an audit event',
    async (status) => {
      const { letter, signature, token } = await managedSignature({ status })
      const now = new Date('2026-11-22T09:30:00Z')
      expect(await withdrawBySigner(getDb(), token, now)).toEqual({ kind: 'withdrawn' })

      const stored = (await getSignatureById(getDb(), signature.id))!
      expect(stored).toMatchObject({ status: 'withdrawn', status_changed_at: now.toISOString() })
      expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({
        [status]: 0,
        withdrawn: 1,
        approvedListed: 0,
      })
      expect(await publicNames(letter.id)).toEqual([])
      expect(await auditTrail(letter.id)).toEqual([
        {
          action: 'signature.withdrawn-by-signer',
          actor: 'signer:Maya Okafor',
          before: { status },
          after: { status: 'withdrawn' },
        },
      ])
    },
  )

  test('withdrawing twice is harmless: counted once, recorded once', async () => {
    const { letter, token } = await managedSignature({ status: 'approved' })
    expect(await withdrawBySigner(getDb(), token)).toEqual({ kind: 'withdrawn' })
    expect(await withdrawBySigner(getDb(), token)).toEqual({ kind: 'already-withdrawn' })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 0, withdrawn: 1 })
    expect(await auditTrail(letter.id)).toHaveLength(1)
  })

  test('a declined signature cannot be withdrawn and stays on the organizers’ record', async () => {
    const { letter, signature, token } = await managedSignature({ status: 'rejected' })
    expect(await withdrawBySigner(getDb(), token)).toEqual({ kind: 'declined' })
    expect((await getSignatureById(getDb(), signature.id))!.status).toBe('rejected')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ rejected: 1, withdrawn: 0 })
    expect(await auditTrail(letter.id)).toEqual([])
  })

  test('any of the signer’s links works, and another signature’s counts are untouched', async () => {
    const { letter, signature, token } = await managedSignature({ status: 'approved' })
    const other = await createTestSignature(getDb(), letter, { status: 'approved', name: 'Ana Lima' })
    const secondToken = await issueManageToken(getDb(), signature.id)
    expect(secondToken).not.toBe(token)
    expect(await withdrawBySigner(getDb(), secondToken)).toEqual({ kind: 'withdrawn' })
    expect(await withdrawBySigner(getDb(), token)).toEqual({ kind: 'already-withdrawn' })
    expect((await getSignatureById(getDb(), other.id))!.status).toBe('approved')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 1, withdrawn: 1 })
    expect(await publicNames(letter.id)).toEqual(['Ana Lima'])
  })

  test('an unknown token withdraws nothing', async () => {
    expect(await withdrawBySigner(getDb(), 'made-up')).toEqual({ kind: 'not-found' })
    expect(await withdrawBySigner(getDb(), '')).toEqual({ kind: 'not-found' })
  })
})
