import { getChainHead } from '~/models/signatory-chain.server'
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readOrCreateMirrorKey, type MirrorKey } from '~/utils/mirror-key.server'
import { mirrorKeyId, verifyMirror, type MirrorManifest } from '~/utils/mirror-verify'
import { findPublicLetter } from '~/services/public-api.server'
import { buildMirror, buildMirrorForSlug, type MirrorFiles } from '~/services/mirror.server'
import { insertSignatures } from '../../tests/bulk-signatures'
import { createTestLetter, createTestSignature } from '../../tests/factories'

const appUrl = 'http://localhost:3000'
const now = new Date('2026-11-21T12:00:00.000Z')

function ownKey(): MirrorKey {
  return readOrCreateMirrorKey(getEnv().DATABASE_PATH)
}

function otherKey(): MirrorKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')
  return { privateKey, publicKey: raw.toString('base64'), keyId: mirrorKeyId(raw) }
}

async function mirrorOfNewLetter(
  setup: (letter: Awaited<ReturnType<typeof createTestLetter>>) => Promise<void> = async () => {},
  options: { pageSize?: number; key?: MirrorKey; title?: string } = {},
) {
  const created = await createTestLetter(getDb(), { title: options.title })
  await setup(created)
  const letter = (await findPublicLetter(getDb(), created.slug))!
  const files = await buildMirror(getDb(), letter, {
    appUrl,
    key: options.key ?? ownKey(),
    now,
    pageSize: options.pageSize,
  })
  return { letter, files }
}

const text = (files: MirrorFiles, path: string) => files.get(path)!.toString('utf8')
const manifestOf = (files: MirrorFiles) => JSON.parse(text(files, 'manifest.json')) as MirrorManifest

describe('the signed static mirror', () => {
  test('holds the letter page, its list as HTML and JSON, and a manifest that verifies', async () => {
    const { letter, files } = await mirrorOfNewLetter(async (letter) => {
      await createTestSignature(getDb(), letter, {
        status: 'approved',
        name: 'Maya <Okafor>',
        verifiedAs: 'domain',
      })
      await createTestSignature(getDb(), letter, {
        status: 'approved',
        name: 'Counted Only',
        listing: 'counted',
      })
      await createTestSignature(getDb(), letter, { status: 'confirmed', name: 'Still Waiting' })
    })
    expect([...files.keys()].sort()).toEqual([
      'data/letter.json',
      'data/signatories-1.json',
      'index.html',
      'manifest.json',
      'manifest.sig',
      'mirror.js',
      'style.css',
    ])
    const page = text(files, 'index.html')
    expect(page).toContain('<strong>ask</strong>')
    expect(page).toContain('Maya &lt;Okafor&gt;')
    expect(page).toContain('Verified public defender')
    expect(page).not.toContain('Counted Only')
    expect(page).not.toContain('Still Waiting')
    expect(page).toContain('<script src="mirror.js" defer></script>')
    expect(page).toMatch(/<strong>2<\/strong> signatures \(1 listed by name, 1 counted only\)/)

    const list = JSON.parse(text(files, 'data/signatories-1.json'))
    expect(list.signatories.map((signatory: { name: string }) => signatory.name)).toEqual(['Maya <Okafor>'])
    expect(JSON.stringify(list)).not.toContain('@')
    expect(JSON.parse(text(files, 'data/letter.json'))).toMatchObject({
      slug: letter.slug,
      counts: { total: 2, listed: 1, counted: 1 },
      version: { sha256: letter.version.body_sha256 },
    })

    const manifest = manifestOf(files)
    expect(manifest).toMatchObject({
      format: 'undersigned-mirror/1',
      instance: appUrl,
      generatedAt: now.toISOString(),
      // The signatory log's head, as the letter's API gives it.
      chain: await getChainHead(getDb(), letter.id).then(({ hash, length }) => ({ head: hash, length })),
      letter: { slug: letter.slug, version: 1, versionSha256: letter.version.body_sha256 },
      key: { algorithm: 'Ed25519', keyId: ownKey().keyId, publicKey: ownKey().publicKey },
    })
    expect(manifest.files.map((file) => file.path)).toEqual([
      'data/letter.json',
      'data/signatories-1.json',
      'index.html',
      'mirror.js',
      'style.css',
    ])
    expect(verifyMirror(files)).toMatchObject({ ok: true, problems: [] })
    expect(verifyMirror(files, { trustedPublicKey: ownKey().publicKey }).ok).toBe(true)
  })

  test('the self-check script and the stylesheet are the signed, parseable assets', async () => {
    const { files } = await mirrorOfNewLetter()
    expect(() => new Function(text(files, 'mirror.js'))).not.toThrow()
    expect(text(files, 'mirror.js')).toContain("{ name: 'Ed25519' }")
    expect(text(files, 'index.html')).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self';`,
    )
  })

  test('pages a long list into list-N.html and signatories-N.json, numbered on', async () => {
    const { files } = await mirrorOfNewLetter((letter) => insertSignatures(getDb(), letter, 25), {
      pageSize: 10,
    })
    expect([...files.keys()].filter((path) => /list-|signatories-/.test(path)).sort()).toEqual([
      'data/signatories-1.json',
      'data/signatories-2.json',
      'data/signatories-3.json',
      'list-2.html',
      'list-3.html',
    ])
    expect(text(files, 'list-3.html')).toContain('<ol class="signatories" start="21">')
    expect(text(files, 'list-3.html')).toContain('Signer 24')
    expect(text(files, 'index.html')).toContain('<a href="list-2.html">Page 2</a>')
    expect(JSON.parse(text(files, 'data/signatories-3.json'))).toMatchObject({ page: 3, pages: 3 })
    expect(verifyMirror(files).ok).toBe(true)
  })

  test('a letter nobody signed yet still makes a mirror; a draft makes none', async () => {
    const { files } = await mirrorOfNewLetter()
    expect(text(files, 'index.html')).toContain('No one is listed yet.')
    expect(verifyMirror(files).ok).toBe(true)
    const draft = await createTestLetter(getDb(), { status: 'draft' })
    expect(await buildMirrorForSlug(getDb(), draft.slug, { appUrl, key: ownKey() })).toBeNull()
  })

  test.each(['index.html', 'style.css', 'mirror.js', 'data/letter.json', 'data/signatories-1.json'])(
    'one byte changed in %s fails, naming the file',
    async (path) => {
      const { files } = await mirrorOfNewLetter((letter) =>
        createTestSignature(getDb(), letter, { status: 'approved' }).then(() => undefined),
      )
      const bytes = Buffer.from(files.get(path)!)
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01
      files.set(path, bytes)
      const result = verifyMirror(files)
      expect(result.ok).toBe(false)
      expect(result.problems).toEqual([`${path}: changed (its SHA-256 does not match the manifest)`])
    },
  )

  test('an added file, a missing file, an edited manifest and a missing signature fail', async () => {
    const { files } = await mirrorOfNewLetter()
    const added = new Map(files).set('data/extra.json', Buffer.from('{}'))
    expect(verifyMirror(added).problems).toEqual(['data/extra.json: not in the manifest'])

    const missing = new Map(files)
    missing.delete('style.css')
    expect(verifyMirror(missing).problems).toEqual(['style.css: missing'])

    // The manifest edited to match a changed page: every hash agrees, the signature does not.
    const edited = new Map(files)
    const page = Buffer.from(text(files, 'index.html').replace('ask', 'beg'), 'utf8')
    edited.set('index.html', page)
    const manifest = manifestOf(files)
    const { createHash } = await import('node:crypto')
    manifest.files = manifest.files.map((file) =>
      file.path === 'index.html'
        ? { ...file, size: page.length, sha256: createHash('sha256').update(page).digest('hex') }
        : file,
    )
    edited.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`))
    expect(verifyMirror(edited).problems).toEqual([
      'manifest.sig: the signature does not match manifest.json and its key',
    ])

    const unsigned = new Map(files)
    unsigned.delete('manifest.sig')
    expect(verifyMirror(unsigned).problems).toEqual(['manifest.sig: missing'])
    expect(verifyMirror(new Map()).problems).toEqual(['manifest.json: missing'])
    expect(verifyMirror(new Map(files).set('manifest.json', Buffer.from('not json'))).problems).toEqual([
      'manifest.json: not valid UTF-8 JSON',
    ])
  })

  test('a different key fails: swapped in the manifest, or not the instance’s published key', async () => {
    const { files } = await mirrorOfNewLetter()
    const stranger = otherKey()

    // A stranger's mirror is internally consistent, but it is not this instance's key.
    const { files: strangers } = await mirrorOfNewLetter(async () => {}, { key: stranger })
    expect(verifyMirror(strangers).ok).toBe(true)
    expect(verifyMirror(strangers, { trustedPublicKey: ownKey().publicKey }).problems).toEqual([
      `manifest.json: signed with key ${stranger.keyId}, not the instance's published key`,
    ])

    // Our manifest with the stranger's public key put in: the signature no longer holds.
    const manifest = manifestOf(files)
    manifest.key = { algorithm: 'Ed25519', keyId: stranger.keyId, publicKey: stranger.publicKey }
    const swapped = new Map(files).set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`))
    expect(verifyMirror(swapped).problems).toContain(
      'manifest.sig: the signature does not match manifest.json and its key',
    )
  })

  test('a manifest that lists a path outside the mirror fails', async () => {
    const { files } = await mirrorOfNewLetter()
    const manifest = manifestOf(files)
    manifest.files.push({ path: '../etc/passwd', sha256: '0'.repeat(64), size: 0 })
    const result = verifyMirror(new Map(files).set('manifest.json', Buffer.from(JSON.stringify(manifest))))
    expect(result.problems).toContain('../etc/passwd: not a path a mirror may list')
  })
})
