import type { Page } from '@playwright/test'
import { XSS_LETTER_BODY, XSS_VECTORS } from '../xss-corpus'
import { expect, test } from './fixtures'

// A letter whose text is the whole XSS corpus, read in a real browser: once as readers get it
// (sanitized HTML under the Content-Security-Policy), once with the policy switched off, which
// shows the sanitizer holds on its own.

const ALLOWED_ELEMENTS = new Set(
  'H2 H3 H4 P BR HR BLOCKQUOTE UL OL LI STRONG EM B I A CODE PRE DEL SUP SUB'.split(' '),
)

/** Dialogs opened and errors logged on this page from now on. */
function watch(page: Page) {
  const seen = { dialogs: [] as string[], errors: [] as string[] }
  page.on('dialog', async (dialog) => {
    seen.dialogs.push(dialog.message())
    await dialog.dismiss()
  })
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text())
  })
  page.on('pageerror', (error) => seen.errors.push(error.message))
  return seen
}

/** What in the rendered letter could run: elements, attributes and link targets. */
async function dangersOnPage(page: Page, prose: string) {
  await expect(page.locator(prose)).toContainText('This letter is a test of the renderer.')
  return page.locator(prose).evaluate(
    (root, allowed) => {
      const dangers: string[] = []
      for (const element of root.querySelectorAll('*')) {
        if (!allowed.includes(element.tagName)) dangers.push(`element ${element.tagName}`)
        for (const attribute of element.attributes) {
          if (!['href', 'title', 'rel', 'start'].includes(attribute.name)) {
            dangers.push(`attribute ${attribute.name} on ${element.tagName}`)
          }
        }
        if (element instanceof HTMLAnchorElement && element.hasAttribute('href')) {
          if (!['http:', 'https:', 'mailto:'].includes(element.protocol))
            dangers.push(`link to ${element.href}`)
        }
      }
      return dangers
    },
    [...ALLOWED_ELEMENTS],
  )
}

async function expectNothingRan(page: Page, seen: ReturnType<typeof watch>) {
  // Handlers such as onload and onerror fire right after load; give them the chance.
  await page.waitForLoadState('load')
  await page.waitForTimeout(300)
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined()
  expect(seen.dialogs).toEqual([])
}

test(`none of the ${XSS_VECTORS.length} vectors runs on the letter, its versions or the editor`, async ({
  page,
  createLetter,
  signInAsOwner,
}) => {
  const letter = await createLetter({ bodyMarkdown: XSS_LETTER_BODY })
  // The console check of every test (fixtures.ts) also fails on a CSP violation: a vector that
  // got past the sanitizer and was stopped only by the policy would show there.
  const seen = watch(page)

  await page.goto(`/letters/${letter.slug}`)
  await expectNothingRan(page, seen)
  expect(await dangersOnPage(page, '.prose >> nth=0')).toEqual([])

  await page.goto(`/letters/${letter.slug}/versions`)
  await expectNothingRan(page, seen)
  expect(await dangersOnPage(page, '.prose >> nth=0')).toEqual([])

  // The editor's preview: rendered by the server when the page loads, then live as one types.
  await signInAsOwner(page)
  await page.goto(`/admin/letters/${letter.id}/edit`)
  await expectNothingRan(page, seen)
  const preview = '.editor-pane__prose'
  expect(await dangersOnPage(page, preview)).toEqual([])
  await page.getByLabel('Text of the letter').press('Control+End')
  await page.getByLabel('Text of the letter').pressSequentially('\n\nTyped last.')
  await expect(page.locator(preview)).toContainText('Typed last.')
  await expectNothingRan(page, seen)
  expect(await dangersOnPage(page, preview)).toEqual([])
})

test('with the Content-Security-Policy switched off, the sanitizer alone still lets nothing run', async ({
  browser,
  createLetter,
}) => {
  const letter = await createLetter({ bodyMarkdown: XSS_LETTER_BODY })
  const context = await browser.newContext({ bypassCSP: true })
  const page = await context.newPage()
  const seen = watch(page)
  for (const path of [`/letters/${letter.slug}`, `/letters/${letter.slug}/versions`]) {
    await page.goto(path)
    await expectNothingRan(page, seen)
    expect(await dangersOnPage(page, '.prose >> nth=0')).toEqual([])
  }
  expect(seen.errors).toEqual([])
  await context.close()
})
