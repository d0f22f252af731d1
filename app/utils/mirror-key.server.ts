import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { mirrorKeyId } from '~/utils/mirror-verify'

// The instance's Ed25519 signing key (ADR 019): made on first use and kept beside the database,
// like the session secret, so a backup of the data folder keeps it and a fresh install has one
// without setup. Only its public half ever leaves the machine.

export const MIRROR_KEY_FILE = 'mirror-signing-key.pem'

export type MirrorKey = {
  privateKey: KeyObject
  /** The raw 32-byte public key, base64. */
  publicKey: string
  keyId: string
}

const loaded = new Map<string, MirrorKey>()

function fromPem(pem: string): MirrorKey {
  const privateKey = createPrivateKey(pem)
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
  if (jwk.crv !== 'Ed25519' || !jwk.x) throw new Error(`${MIRROR_KEY_FILE} does not hold an Ed25519 key`)
  const raw = Buffer.from(jwk.x, 'base64url')
  return { privateKey, publicKey: raw.toString('base64'), keyId: mirrorKeyId(raw) }
}

export function mirrorKeyPath(databasePath: string): string {
  return join(dirname(databasePath), MIRROR_KEY_FILE)
}

/** The key kept beside this database, created (mode 0600) if there is none yet. */
export function readOrCreateMirrorKey(databasePath: string): MirrorKey {
  const file = mirrorKeyPath(databasePath)
  const known = loaded.get(file)
  if (known) return known
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    const { privateKey } = generateKeyPairSync('ed25519')
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    try {
      writeFileSync(file, pem, { mode: 0o600, flag: 'wx' })
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  const key = fromPem(readFileSync(file, 'utf8'))
  loaded.set(file, key)
  return key
}

/** manifest.sig: the base64 Ed25519 signature of exactly these bytes, and a newline. */
export function signManifest(key: MirrorKey, manifestBytes: Uint8Array): string {
  return `${sign(null, manifestBytes, key.privateKey).toString('base64')}\n`
}

/** What /.well-known/undersigned.json publishes, so anyone can check a mirror came from here. */
export function publishedKeyDocument(key: MirrorKey, appUrl: string) {
  return {
    instance: appUrl,
    mirrorSigningKeys: [{ algorithm: 'Ed25519' as const, keyId: key.keyId, publicKey: key.publicKey }],
  }
}
