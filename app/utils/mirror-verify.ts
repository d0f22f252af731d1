import { createHash, createPublicKey, verify } from 'node:crypto'

// The checks of a signed static mirror (ADR 019), on files already read: no disk, no network. The
// CLI (`npm run verify:mirror`) and the tests use it; the mirror's own mirror.js repeats the same
// checks in the browser with Web Crypto.

export const MIRROR_FORMAT = 'undersigned-mirror/1'
export const MANIFEST_FILE = 'manifest.json'
export const SIGNATURE_FILE = 'manifest.sig'

export type MirrorFileEntry = { path: string; sha256: string; size: number }

export type MirrorManifest = {
  format: typeof MIRROR_FORMAT
  /** The instance that made the mirror: its key is published at `${instance}/.well-known/undersigned.json`. */
  instance: string
  generatedAt: string
  letter: { slug: string; title: string; version: number; versionSha256: string }
  key: { algorithm: 'Ed25519'; keyId: string; publicKey: string }
  /** The head of the letter's signature hash chain, once the instance keeps one; null until then. */
  chain: null | Record<string, unknown>
  /** Every file of the mirror except manifest.json and manifest.sig, sorted by path. */
  files: MirrorFileEntry[]
}

export type MirrorVerification =
  | { ok: true; manifest: MirrorManifest; problems: [] }
  | { ok: false; manifest: MirrorManifest | null; problems: string[] }

/** A key id: the first 16 hex digits of the SHA-256 of the raw 32-byte public key. */
export function mirrorKeyId(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16)
}

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Relative, forward slashes, no `..`, no hidden tricks: a path a static host serves as it is. */
export function isSafeMirrorPath(path: string): boolean {
  return (
    /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(path) &&
    !path.split('/').some((part) => part === '..' || part === '.')
  )
}

function readManifest(bytes: Uint8Array): { manifest: MirrorManifest } | { problem: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch {
    return { problem: `${MANIFEST_FILE}: not valid UTF-8 JSON` }
  }
  const manifest = parsed as Partial<MirrorManifest> | null
  if (!manifest || typeof manifest !== 'object') return { problem: `${MANIFEST_FILE}: not an object` }
  if (manifest.format !== MIRROR_FORMAT) {
    return { problem: `${MANIFEST_FILE}: format is ${JSON.stringify(manifest.format)}, not ${MIRROR_FORMAT}` }
  }
  const key = manifest.key
  if (!key || key.algorithm !== 'Ed25519' || typeof key.publicKey !== 'string') {
    return { problem: `${MANIFEST_FILE}: no Ed25519 public key` }
  }
  const files = manifest.files
  if (
    !Array.isArray(files) ||
    !files.every(
      (file) =>
        file &&
        typeof file.path === 'string' &&
        typeof file.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(file.sha256) &&
        Number.isInteger(file.size),
    )
  ) {
    return { problem: `${MANIFEST_FILE}: the file list is malformed` }
  }
  return { manifest: manifest as MirrorManifest }
}

function signatureHolds(manifestBytes: Uint8Array, signature: Uint8Array, publicKey: string): boolean {
  try {
    const raw = Buffer.from(publicKey, 'base64')
    if (raw.length !== 32) return false
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    })
    return verify(null, manifestBytes, key, signature)
  } catch {
    return false
  }
}

/**
 * Checks a mirror: manifest.sig is an Ed25519 signature of the exact bytes of manifest.json by the
 * key the manifest names (and, given `trustedPublicKey`, that key is the one the instance publishes);
 * every listed file is present with its size and SHA-256; no file is missing, none is extra.
 */
export function verifyMirror(
  files: ReadonlyMap<string, Uint8Array>,
  options: { trustedPublicKey?: string } = {},
): MirrorVerification {
  const problems: string[] = []
  const manifestBytes = files.get(MANIFEST_FILE)
  const signatureBytes = files.get(SIGNATURE_FILE)
  if (!manifestBytes) return { ok: false, manifest: null, problems: [`${MANIFEST_FILE}: missing`] }
  const read = readManifest(manifestBytes)
  if ('problem' in read) return { ok: false, manifest: null, problems: [read.problem] }
  const { manifest } = read

  if (!signatureBytes) {
    problems.push(`${SIGNATURE_FILE}: missing`)
  } else {
    const signature = Buffer.from(new TextDecoder().decode(signatureBytes).trim(), 'base64')
    if (!signatureHolds(manifestBytes, signature, manifest.key.publicKey)) {
      problems.push(`${SIGNATURE_FILE}: the signature does not match ${MANIFEST_FILE} and its key`)
    }
  }
  if (options.trustedPublicKey !== undefined && options.trustedPublicKey !== manifest.key.publicKey) {
    problems.push(`${MANIFEST_FILE}: signed with key ${manifest.key.keyId}, not the instance's published key`)
  }

  const listed = new Set<string>()
  for (const entry of manifest.files) {
    if (!isSafeMirrorPath(entry.path) || entry.path === MANIFEST_FILE || entry.path === SIGNATURE_FILE) {
      problems.push(`${entry.path}: not a path a mirror may list`)
      continue
    }
    if (listed.has(entry.path)) problems.push(`${entry.path}: listed twice`)
    listed.add(entry.path)
    const bytes = files.get(entry.path)
    if (!bytes) {
      problems.push(`${entry.path}: missing`)
    } else if (bytes.length !== entry.size || sha256OfBytes(bytes) !== entry.sha256) {
      problems.push(`${entry.path}: changed (its SHA-256 does not match the manifest)`)
    }
  }
  for (const path of [...files.keys()].sort()) {
    if (path !== MANIFEST_FILE && path !== SIGNATURE_FILE && !listed.has(path)) {
      problems.push(`${path}: not in the manifest`)
    }
  }
  return problems.length ? { ok: false, manifest, problems } : { ok: true, manifest, problems: [] }
}
