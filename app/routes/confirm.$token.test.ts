import { describe, expect, test } from 'vitest'
import { getLetterBySlug } from '~/models/letter.server'
import { listOutboxEmailsTo } from '~/models/outbox.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { signLetterSchema } from '~/schemas/sign-letter'
import { signLetter } from '~/services/signing.server'
import { getDb } from '~/utils/db.server'
import { createTestLetter, formRequest, validSignatureForm } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { action, loader } from './confirm.$token'

const base = 'http://localhost:3000'

async function pendingSignature(traits: { moderationRequired?: boolean } = {}) {
  const created = await createTestLetter(getDb(), traits)
  const letter = (await getLetterBySlug(getDb(), created.slug))!
  const form = validSignatureForm()
  const { signatureId } = await signLetter(getDb(), letter, signLetterSchema.parse(form), {
    appUrl: base,
    confirmationTtlHours: 48,
  })
  const [email] = await listOutboxEmailsTo(getDb(), form.email)
  const { confirmUrl } = JSON.parse(email!.secret_payload!) as { confirmUrl: string }
  return { letter, signatureId, token: confirmUrl.split('/confirm/')[1]! }
}

const open = (token: string) => callRoute(loader, new Request(`${base}/confirm/${token}`), { token })
const press = (token: string) => callRoute(action, formRequest(`${base}/confirm/${token}`, {}), { token })

describe('the confirmation link', () => {
  test('opening it shows who is signing and changes nothing; pressing the button confirms', async () => {
    const { letter, token } = await pendingSignature()
    const page = await open(token)
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ kind: 'ready', signer: { name: 'Zoë Nguyễn-Adams', listed: true } })
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ unconfirmed: 1, approved: 0 })

    const confirmed = await press(token)
    expect(confirmed.status).toBe(302)
    expect(confirmed.headers.get('Location')).toBe(`/letters/${letter.slug}/thank-you`)
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ unconfirmed: 0, approved: 1 })

    // Used: it says so, and no longer shows the signer's details.
    const reopened = await open(token)
    expect(reopened.data).toMatchObject({ kind: 'already-confirmed', signer: null })
    expect((await press(token)).data.kind).toBe('already-confirmed')
    expect(await getLetterCounts(getDb(), letter.id)).toMatchObject({ approved: 1 })
  })

  test('an expired link answers 410 to the page and to the button', async () => {
    const { signatureId, token } = await pendingSignature()
    await getDb()
      .updateTable('signature_tokens')
      .set({ expires_at: '2000-01-01T00:00:00.000Z' })
      .where('signature_id', '=', signatureId)
      .execute()
    expect((await open(token)).status).toBe(410)
    const pressed = await press(token)
    expect(pressed.status).toBe(410)
    expect(pressed.data).toMatchObject({ kind: 'expired', signer: null })
  })

  test('a letter closed in the meantime answers 409', async () => {
    const { letter, token } = await pendingSignature()
    await getDb().updateTable('letters').set({ status: 'closed' }).where('id', '=', letter.id).execute()
    expect((await press(token)).status).toBe(409)
  })

  test('a withdrawn signature cannot be confirmed', async () => {
    const { signatureId, token } = await pendingSignature()
    await getDb()
      .updateTable('signatures')
      .set({ status: 'withdrawn' })
      .where('id', '=', signatureId)
      .execute()
    const pressed = await press(token)
    expect(pressed.status).toBe(410)
    expect(pressed.data.kind).toBe('unavailable')
  })

  test('an invented token is a 404', async () => {
    expect((await open('made-up')).status).toBe(404)
    expect((await press('made-up')).status).toBe(404)
  })
})
