import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readOrCreateMirrorKey } from '~/utils/mirror-key.server'
import { verifyMirror } from '~/utils/mirror-verify'
import { buildMirror } from '~/services/mirror.server'
import { findPublicLetter } from '~/services/public-api.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { unzip } from '../../tests/zip'
import { loader } from './admin.letters.$letterId.mirror[.]zip'
import { loader as wellKnownLoader } from './[.]well-known.undersigned[.]json'

async function download(letterId: number, cookie?: string, method = 'GET') {
  const request = new Request(`http://localhost:3000/admin/letters/${letterId}/mirror.zip`, {
    method,
    headers: cookie ? { Cookie: cookie } : {},
  })
  try {
    return await loader({ request, params: { letterId: String(letterId) }, context: {} })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

describe('the organizer download of the signed mirror', () => {
  test('is a zip of the same files the CLI writes, signed, and audited', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved', name: 'Zip Signer' })
    const moderator = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const response = await download(letter.id, await signedInCookie(moderator))
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/zip')
    const day = new Date().toISOString().slice(0, 10)
    const folder = `${letter.slug}-mirror-${day}`
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="${folder}.zip"`)
    expect(response.headers.get('Cache-Control')).toBe('private, no-store')

    const zipped = unzip(Buffer.from(await response.arrayBuffer()))
    const files = new Map([...zipped].map(([name, bytes]) => [name.slice(folder.length + 1), bytes]))
    expect([...zipped.keys()].every((name) => name.startsWith(`${folder}/`))).toBe(true)
    expect(verifyMirror(files)).toMatchObject({ ok: true })

    // The same files the CLI would write at that moment, byte for byte (but for the time stamp).
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'))
    const direct = await buildMirror(getDb(), (await findPublicLetter(getDb(), letter.slug))!, {
      appUrl: 'http://localhost:3000',
      key: readOrCreateMirrorKey(getEnv().DATABASE_PATH),
      now: new Date(manifest.generatedAt),
    })
    expect([...files.keys()].sort()).toEqual([...direct.keys()].sort())
    for (const [path, bytes] of direct) {
      if (path !== 'manifest.sig') expect(files.get(path)!.equals(bytes), path).toBe(true)
    }
    expect(files.get('index.html')!.toString('utf8')).toContain('Zip Signer')

    const events = await getDb()
      .selectFrom('audit_events')
      .select(['action', 'after'])
      .where('letter_id', '=', letter.id)
      .where('action', '=', 'letter.mirror-exported')
      .execute()
    expect(events).toHaveLength(1)
    expect(JSON.parse(events[0]!.after!)).toMatchObject({ format: 'zip', files: files.size })
  })

  test('refuses outsiders and signed-out visitors, and a draft has nothing to mirror', async () => {
    const letter = await createTestLetter(getDb())
    const outsider = await createTestUser(getDb())
    expect((await download(letter.id, await signedInCookie(outsider))).status).toBe(403)
    expect((await download(letter.id)).status).toBe(302)

    // A HEAD answers the headers without building, signing or auditing anything.
    const member = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
    const head = await download(letter.id, await signedInCookie(member), 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers.get('Content-Type')).toBe('application/zip')
    expect(await head.text()).toBe('')
    const headAudits = await getDb()
      .selectFrom('audit_events')
      .select('id')
      .where('letter_id', '=', letter.id)
      .where('action', '=', 'letter.mirror-exported')
      .execute()
    expect(headAudits).toEqual([])

    const draft = await createTestLetter(getDb(), { status: 'draft' })
    const organizer = await createTestUser(getDb(), { letterId: draft.id, memberRole: 'organizer' })
    expect((await download(draft.id, await signedInCookie(organizer))).status).toBe(409)
    const audited = await getDb()
      .selectFrom('audit_events')
      .select('id')
      .where('letter_id', '=', draft.id)
      .where('action', '=', 'letter.mirror-exported')
      .execute()
    expect(audited).toEqual([])
  })
})

describe('/.well-known/undersigned.json', () => {
  test('publishes the key that signs the mirrors, open to any origin', async () => {
    const response = await wellKnownLoader()
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const key = readOrCreateMirrorKey(getEnv().DATABASE_PATH)
    expect(await response.json()).toEqual({
      instance: 'http://localhost:3000',
      mirrorSigningKeys: [{ algorithm: 'Ed25519', keyId: key.keyId, publicKey: key.publicKey }],
    })
    expect(Buffer.from(key.publicKey, 'base64')).toHaveLength(32)
  })
})
