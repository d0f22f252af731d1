import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { publishedKeyDocument, readOrCreateMirrorKey } from '~/utils/mirror-key.server'
import { createTestLetter, createTestSignature } from '../tests/factories'

// The two commands as an operator runs them: `npm run export:mirror` and `npm run verify:mirror`.

const run = promisify(execFile)
const tsx = join(process.cwd(), 'node_modules/.bin/tsx')
const scratch = mkdtempSync(join(tmpdir(), 'undersigned-mirror-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

async function cli(script: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, [join('db', script), ...args], {
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe('npm run export:mirror and verify:mirror', () => {
  test('export then verify passes; one byte changed fails naming the file; --key-url checks the key', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, { status: 'approved', name: 'Cli Signer' })
    const out = join(scratch, 'mirror')

    const exported = await cli('export-mirror.ts', ['--letter', letter.slug, '--out', out])
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Cli Signer')

    const verified = await cli('verify-mirror.ts', [out])
    expect(verified.code).toBe(0)
    expect(verified.stdout).toMatch(/^Verified: 5 files match the manifest/)

    // The instance's published key, served as the app serves it.
    const key = readOrCreateMirrorKey(getEnv().DATABASE_PATH)
    const server = createServer((_, response) => {
      response.setHeader('Content-Type', 'application/json')
      response.end(JSON.stringify(publishedKeyDocument(key, 'http://localhost:3000')))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const keyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/undersigned.json`
    try {
      const withKey = await cli('verify-mirror.ts', [out, '--key-url', keyUrl])
      expect(withKey.code).toBe(0)
      expect(withKey.stdout).toContain(`the key published at ${keyUrl}`)
    } finally {
      server.close()
    }

    const page = join(out, 'data', 'letter.json')
    const bytes = readFileSync(page)
    bytes[10]! ^= 0x20
    writeFileSync(page, bytes)
    const tampered = await cli('verify-mirror.ts', [out])
    expect(tampered.code).toBe(1)
    expect(tampered.stderr).toContain('data/letter.json: changed (its SHA-256 does not match the manifest)')
  }, 60_000)

  test('refuses a draft, a folder that is not empty, and missing arguments', async () => {
    const draft = await createTestLetter(getDb(), { status: 'draft' })
    const draftRun = await cli('export-mirror.ts', ['--letter', draft.slug, '--out', join(scratch, 'draft')])
    expect(draftRun.code).toBe(1)
    expect(draftRun.stderr).toContain(`No published letter "${draft.slug}"`)

    const letter = await createTestLetter(getDb())
    const busy = join(scratch, 'busy')
    await cli('export-mirror.ts', ['--letter', letter.slug, '--out', busy])
    const again = await cli('export-mirror.ts', ['--letter', letter.slug, '--out', busy])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('is not empty')

    expect((await cli('export-mirror.ts', ['--letter', letter.slug])).code).toBe(2)
    expect((await cli('verify-mirror.ts', [])).code).toBe(2)
    const nowhere = await cli('verify-mirror.ts', [join(scratch, 'nowhere')])
    expect(nowhere.code).toBe(1)
    expect(nowhere.stderr).toMatch(/^Not verified: /)
  }, 60_000)
})
