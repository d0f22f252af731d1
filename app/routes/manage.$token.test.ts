import { describe, expect, test } from 'vitest'
import type { Listing, SignatureStatus } from '#db/schema'
import { listAuditEvents } from '~/models/audit.server'
import { getLetterBySlug } from '~/models/letter.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { issueManageToken } from '~/models/signature-manage-token.server'
import { getSignatureById, listPublicSignatories } from '~/models/signature.server'
import { signLetterSchema } from '~/schemas/sign-letter'
import { confirmSignatureByToken, signLetter } from '~/services/signing.server'
import { requireLetterAccess } from '~/services/letter-access.server'
import { publishUpdate } from '~/services/letter-updates.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature, formRequest, validSignatureForm } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, headers, loader } from './manage.$token'

const base = 'http://localhost:3000'

async function managedSignature(
  traits: { status?: SignatureStatus; listing?: Listing; wantsUpdates?: boolean } = {},
) {
  const letter = await createTestLetter(getDb())
  const signature = await createTestSignature(getDb(), letter, { name: 'Maya Okafor', ...traits })
  return { letter, signature, token: await issueManageToken(getDb(), signature.id) }
}

const open = (token: string) => callRoute(loader, new Request(`${base}/manage/${token}`), { token })
const post = (token: string, fields: Record<string, string>) =>
  callRoute(action, formRequest(`${base}/manage/${token}`, fields), { token })

const publicNames = async (letterId: number) =>
  (
    await listPublicSignatories(getDb(), { id: letterId, listing_requires: 'email' }, { pageSize: 100 })
  ).signatories.map((row) => row.name)

describe('the manage link from the email', () => {
  test('works end to end: sign, confirm, then manage from the link in the confirmation email', async () => {
    const created = await createTestLetter(getDb(), { moderationRequired: false })
    const letter = (await getLetterBySlug(getDb(), created.slug))!
    const form = validSignatureForm()
    await signLetter(getDb(), letter, signLetterSchema.parse(form), {
      appUrl: base,
      confirmationTtlHours: 48,
    })
    const [email] = await listOutboxEmailsTo(getDb(), form.email)
    const secrets = JSON.parse(email!.secret_payload!) as { confirmUrl: string; manageUrl: string }
    expect(secrets.manageUrl.startsWith(`${base}/manage/`)).toBe(true)
    const token = secrets.manageUrl.split('/manage/')[1]!

    expect((await open(token)).data).toMatchObject({ standing: 'awaiting-confirmation', manageable: true })
    await confirmSignatureByToken(getDb(), secrets.confirmUrl.split('/confirm/')[1]!, { appUrl: base })
    const page = await open(token)
    expect(page.status).toBe(200)
    expect(page.data).toEqual({
      letter: { slug: letter.slug, title: letter.title },
      signer: {
        name: 'Zoë Nguyễn-Adams',
        profession: 'Deputy public defender',
        organization: 'Alameda County Public Defender',
        location: 'Oakland, CA',
      },
      listing: 'listed',
      standing: 'listed',
      manageable: true,
      wantsUpdates: false,
    })
    expect(await publicNames(letter.id)).toEqual(['Zoë Nguyễn-Adams'])
  })

  test('is never cached (its referrer policy is the server’s: tests/unit/http-security.test.ts)', () => {
    const sent = new Headers(headers({} as Parameters<typeof headers>[0]) as HeadersInit)
    expect(sent.get('Cache-Control')).toBe('no-store')
  })

  test('an unknown token is a 404 to the page and to both forms', async () => {
    expect((await open('made-up')).status).toBe(404)
    expect((await post('made-up', { intent: 'withdraw' })).status).toBe(404)
    expect((await post('made-up', { intent: 'change-listing', listing: 'counted' })).status).toBe(404)
    expect((await post('made-up', { intent: 'nonsense' })).status).toBe(404)
  })
})

describe('changing the listing', () => {
  test('switching to counted takes the name off the list, keeps the count, and is audited', async () => {
    const { letter, signature, token } = await managedSignature({ status: 'approved' })
    const answer = await post(token, { intent: 'change-listing', listing: 'counted' })
    expect(answer.status).toBe(200)
    expect(answer.data).toMatchObject({
      intent: 'change-listing',
      notice: 'Saved. Your signature counts on the letter without your name.',
    })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({
      approved: 1,
      approvedListed: 0,
      approvedCounted: 1,
    })
    expect(await publicNames(letter.id)).toEqual([])
    expect((await open(token)).data).toMatchObject({ listing: 'counted', standing: 'counted' })

    const { events } = await listAuditEvents(getDb(), letter.id, { pageSize: 10 })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      action: 'signature.listing-changed-by-signer',
      actor_type: 'signer',
      actor_label: 'Maya Okafor',
      signature_id: signature.id,
      before: JSON.stringify({ listing: 'listed' }),
      after: JSON.stringify({ listing: 'counted' }),
    })
  })

  test.each([
    ['an unknown listing', { intent: 'change-listing', listing: 'famous' }, 'listing'],
    ['no listing', { intent: 'change-listing' }, 'listing'],
    ['an unknown intent', { intent: 'delete-everything', listing: 'counted' }, 'intent'],
    ['no intent', { listing: 'counted' }, 'intent'],
  ])('%s is a 400 with the error on its field, and changes nothing', async (_, fields, field) => {
    const { letter, signature, token } = await managedSignature({ status: 'approved' })
    const answer = await post(token, fields)
    expect(answer.status).toBe(400)
    expect(answer.data.result.error[field]).toEqual([expect.any(String)])
    expect(await getSignatureById(getDb(), signature.id)).toMatchObject({
      status: 'approved',
      listing: 'listed',
    })
    expect((await listAuditEvents(getDb(), letter.id, { pageSize: 10 })).events).toEqual([])
  })

  test('a body that is not a form is a 400, not a 500', async () => {
    const { token } = await managedSignature({ status: 'approved' })
    const request = new Request(`${base}/manage/${token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=nope' },
      body: '{"intent":"withdraw"',
    })
    expect((await callRoute(action, request, { token })).status).toBe(400)
  })

  test('a withdrawn signature has nothing left to change: 409', async () => {
    const { token } = await managedSignature({ status: 'withdrawn' })
    const answer = await post(token, { intent: 'change-listing', listing: 'counted' })
    expect(answer.status).toBe(409)
    expect(answer.data.result.error['']).toEqual([
      'This signature was withdrawn: there is nothing left to change.',
    ])
  })
})

describe('withdrawing', () => {
  test('takes the signature off the list and out of the count; a second press is harmless', async () => {
    const { letter, signature, token } = await managedSignature({ status: 'approved' })
    await createTestSignature(getDb(), letter, { status: 'approved', name: 'Ana Lima' })
    expect(await publicNames(letter.id)).toEqual(['Maya Okafor', 'Ana Lima'])

    const answer = await post(token, { intent: 'withdraw' })
    expect(answer.status).toBe(200)
    expect(answer.data.notice).toContain('Your signature is withdrawn')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 1, withdrawn: 1 })
    expect(await publicNames(letter.id)).toEqual(['Ana Lima'])

    const again = await post(token, { intent: 'withdraw' })
    expect(again.status).toBe(200)
    expect(again.data.notice).toBe('This signature was already withdrawn.')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 1, withdrawn: 1 })

    // The page now says so, and offers no forms.
    expect((await open(token)).data).toMatchObject({ standing: 'withdrawn', manageable: false })
    const { events } = await listAuditEvents(getDb(), letter.id, { pageSize: 10 })
    expect(events.map((event) => [event.action, event.signature_id, event.before, event.after])).toEqual([
      [
        'signature.withdrawn-by-signer',
        signature.id,
        JSON.stringify({ status: 'approved' }),
        JSON.stringify({ status: 'withdrawn' }),
      ],
    ])
  })

  test('an unconfirmed signature can be withdrawn before it ever counts', async () => {
    const { letter, token } = await managedSignature({ status: 'unconfirmed' })
    expect((await post(token, { intent: 'withdraw' })).status).toBe(200)
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ unconfirmed: 0, withdrawn: 1 })
  })

  test('a declined signature cannot be withdrawn, and the page says so', async () => {
    const { letter, signature, token } = await managedSignature({ status: 'rejected' })
    expect((await open(token)).data).toMatchObject({ standing: 'declined', manageable: false })
    const answer = await post(token, { intent: 'withdraw' })
    expect(answer.status).toBe(409)
    expect(answer.data.result.error['']).toEqual([expect.stringContaining('declined this signature')])
    expect((await getSignatureById(getDb(), signature.id))!.status).toBe('rejected')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ rejected: 1, withdrawn: 0 })
  })
})

describe('update emails', () => {
  test('"Stop update emails" opts out: the next update is not emailed; the change is audited', async () => {
    const { letter, signature, token } = await managedSignature({ status: 'approved', wantsUpdates: true })
    expect((await open(token)).data).toMatchObject({ wantsUpdates: true })

    const answer = await post(token, { intent: 'update-emails', updates: 'unsubscribe' })
    expect(answer.status).toBe(200)
    expect(answer.data.notice).toBe('Saved. You will get no more update emails about this letter.')
    expect((await open(token)).data).toMatchObject({ wantsUpdates: false })
    expect(await getSignatureById(getDb(), signature.id)).toMatchObject({ wants_updates: 0 })

    const user = await createTestUser(getDb(), { letterId: letter.id })
    const access = await requireLetterAccess(getDb(), user, letter.id, 'edit')
    expect(
      (await publishUpdate(getDb(), access, { title: 'News', bodyMarkdown: 'News' }, base)).emailed,
    ).toBe(0)

    const { events } = await listAuditEvents(getDb(), letter.id, { pageSize: 10 })
    expect(
      events.find((event) => event.action === 'signature.update-emails-changed-by-signer'),
    ).toMatchObject({
      actor_type: 'signer',
      signature_id: signature.id,
      before: JSON.stringify({ wantsUpdates: true }),
      after: JSON.stringify({ wantsUpdates: false }),
    })
  })

  test('a signer can opt in after signing, and asking twice changes nothing the second time', async () => {
    const { letter, signature, token } = await managedSignature({ status: 'confirmed' })
    expect((await post(token, { intent: 'update-emails', updates: 'subscribe' })).status).toBe(200)
    expect((await post(token, { intent: 'update-emails', updates: 'subscribe' })).status).toBe(200)
    expect(await getSignatureById(getDb(), signature.id)).toMatchObject({ wants_updates: 1 })
    const { events } = await listAuditEvents(getDb(), letter.id, { pageSize: 10 })
    expect(
      events.filter((event) => event.action === 'signature.update-emails-changed-by-signer'),
    ).toHaveLength(1)
  })

  test('a withdrawn signer can still stop update emails', async () => {
    const { signature, token } = await managedSignature({ status: 'withdrawn', wantsUpdates: true })
    expect((await post(token, { intent: 'update-emails', updates: 'unsubscribe' })).status).toBe(200)
    expect(await getSignatureById(getDb(), signature.id)).toMatchObject({ wants_updates: 0 })
  })

  test('a bad choice is a 400 on its field and changes nothing; an unknown token is a 404', async () => {
    const { signature, token } = await managedSignature({ status: 'approved', wantsUpdates: true })
    const answer = await post(token, { intent: 'update-emails', updates: 'maybe' })
    expect(answer.status).toBe(400)
    expect(answer.data.result.error.updates).toEqual([expect.any(String)])
    expect(await getSignatureById(getDb(), signature.id)).toMatchObject({ wants_updates: 1 })
    expect((await post('made-up', { intent: 'update-emails', updates: 'unsubscribe' })).status).toBe(404)
  })
})
