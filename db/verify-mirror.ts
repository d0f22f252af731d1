// npm run verify:mirror -- <folder> [--key-url https://letters.example.org/.well-known/undersigned.json]
// Checks a signed static mirror (ADR 019): the signature, every file's SHA-256, nothing missing or
// extra; with --key-url, also that the key is the one the instance publishes. Exit 0 when it holds.
import { parseArgs } from 'node:util'
import { readMirrorDirectory } from '../app/utils/mirror-disk.server'
import { verifyMirror } from '../app/utils/mirror-verify'

const usage = 'Usage: npm run verify:mirror -- <folder> [--key-url <instance>/.well-known/undersigned.json]'

async function publishedKeys(url: string): Promise<string[]> {
  const response = await fetch(url, { headers: { Accept: 'application/json' } })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  const document = (await response.json()) as { mirrorSigningKeys?: Array<{ publicKey?: unknown }> }
  const keys = (document.mirrorSigningKeys ?? [])
    .map((key) => key.publicKey)
    .filter((key) => typeof key === 'string')
  if (keys.length === 0) throw new Error(`${url} publishes no mirror signing key`)
  return keys as string[]
}

let parsed: ReturnType<
  typeof parseArgs<{ options: { 'key-url': { type: 'string' } }; allowPositionals: true }>
>
try {
  parsed = parseArgs({ options: { 'key-url': { type: 'string' } }, allowPositionals: true })
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`)
  process.exit(2)
}
const [folder] = parsed.positionals
if (!folder || parsed.positionals.length > 1) {
  console.error(usage)
  process.exit(2)
}

try {
  const files = readMirrorDirectory(folder)
  let result = verifyMirror(files)
  const keyUrl = parsed.values['key-url']
  if (keyUrl && result.manifest) {
    const keys = await publishedKeys(keyUrl)
    const own = result.manifest.key.publicKey
    result = verifyMirror(files, { trustedPublicKey: keys.includes(own) ? own : keys[0] })
  }
  if (result.ok) {
    const { manifest } = result
    console.log(
      `Verified: ${manifest.files.length} files match the manifest of "${manifest.letter.slug}" made ${manifest.generatedAt} ` +
        `by ${manifest.instance}, signed with key ${manifest.key.keyId}` +
        (keyUrl
          ? `, the key published at ${keyUrl}.`
          : '. Add --key-url to check that key against the instance.'),
    )
  } else {
    console.error(`Not verified: ${folder}\n${result.problems.map((problem) => `  ${problem}`).join('\n')}`)
    process.exitCode = 1
  }
} catch (error) {
  console.error(`Not verified: ${(error as Error).message}`)
  process.exitCode = 1
}
