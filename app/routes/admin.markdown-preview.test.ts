import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createTestUser, signedInCookie } from '../../tests/auth-helpers'
import { formRequest } from '../../tests/factories'
import { action, loader } from './admin.markdown-preview'

const url = 'http://localhost:3000/admin/markdown-preview'

async function preview(fields: Record<string, string>, cookie?: string) {
  try {
    return await action({
      request: formRequest(url, fields, cookie ? { Cookie: cookie } : {}),
      params: {},
      context: {},
    })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

describe('the Markdown preview', () => {
  test('gives a signed-in user the same sanitized HTML as the letter page', async () => {
    const cookie = await signedInCookie(await createTestUser(getDb()))
    const response = await preview(
      { bodyMarkdown: '# Title\r\n\r\n[link](javascript:alert(1)) **bold**<script>x()</script>' },
      cookie,
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    const { html, error } = (await response.json()) as { html: string; error: null }
    expect(error).toBeNull()
    expect(html).toContain('<h2>Title</h2>')
    expect(html).toContain('<strong>bold</strong>')
    expect(html).not.toMatch(/script|javascript/)
  })

  test('an empty or missing body is an empty preview', async () => {
    const cookie = await signedInCookie(await createTestUser(getDb()))
    const response = await preview({}, cookie)
    expect(await response.json()).toEqual({ html: '', error: null })
  })

  test('an overlong body is refused with 400', async () => {
    const cookie = await signedInCookie(await createTestUser(getDb()))
    const response = await preview({ bodyMarkdown: 'x'.repeat(60_000) }, cookie)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ html: null, error: expect.stringContaining('50,000') })
  })

  test('signed out, it sends you to sign in and renders nothing', async () => {
    const response = await preview({ bodyMarkdown: '**hello**' })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toMatch(/^\/admin\/sign-in\?redirectTo=/)
  })

  test('GET is not how to use it', async () => {
    expect((await loader()).status).toBe(405)
  })
})
