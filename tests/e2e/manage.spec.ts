import type { Page } from '@playwright/test'
import type { ReceivedEmail } from '../fake-resend/server'
import { acceptErrorStatus, expect, signAndReadConfirmation, test, uniqueEmail } from './fixtures'

function managePathFrom(email: ReceivedEmail) {
  const link = /https?:\/\/\S+\/manage\/[A-Za-z0-9_-]+/.exec(email.text)?.[0]
  if (!link) throw new Error(`No "manage your signature" link in:\n${email.text}`)
  return new URL(link).pathname
}

/** Signs a letter without moderation, confirms, checks the name is public; returns the manage link. */
async function signAndConfirm(page: Page, slug: string, name: string) {
  const { message, path } = await signAndReadConfirmation(page, slug, { name, email: uniqueEmail('manage') })
  expect(message.text).toContain('Manage your signature')
  await page.goto(path)
  await page.getByRole('button', { name: 'Confirm my signature' }).click()
  await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()
  await page.goto(`/letters/${slug}`)
  await expect(page.locator('.signatory-list')).toContainText(name)
  await expect(page.locator('.count__number')).toHaveText('1')
  return managePathFrom(message)
}

async function withdraw(page: Page, managePath: string, slug: string, name: string) {
  await page.goto(managePath)
  await expect(page.getByRole('button', { name: 'Withdraw my signature' })).toBeVisible()
  await expect(page.getByText('cannot be undone here')).toBeVisible()
  await page.getByRole('button', { name: 'Withdraw my signature' }).click()
  await expect(page.getByRole('status')).toContainText('Your signature is withdrawn')
  await expect(page.locator('.signer-card')).toContainText('Withdrawn')
  // Nothing left to change.
  await expect(page.getByRole('button', { name: 'Withdraw my signature' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Save my choice' })).toHaveCount(0)

  await page.goto(`/letters/${slug}`)
  await expect(page.locator('.count__number')).toHaveText('0')
  await expect(page.getByText(name)).toHaveCount(0)
}

test.describe('managing a signature with JavaScript', () => {
  test('switch to counted (the name leaves the list, the count stays), then withdraw', async ({
    page,
    createLetter,
  }) => {
    const letter = await createLetter({ moderationRequired: false })
    const name = 'Oluwaseun Bergström'
    const managePath = await signAndConfirm(page, letter.slug, name)

    await page.goto(managePath)
    await expect(page.getByRole('heading', { name: 'Manage your signature' })).toBeVisible()
    await expect(page.getByRole('link', { name: letter.title }).first()).toBeVisible()
    await expect(page.locator('.signer-card')).toContainText(name)
    await expect(page.locator('.signer-card')).toContainText('Listed')
    await expect(page.getByLabel(/List my name/)).toBeChecked()

    await page.getByLabel(/Count me/).check()
    await page.getByRole('button', { name: 'Save my choice' }).click()
    await expect(page.getByRole('status')).toContainText('counts on the letter without your name')
    await expect(page.locator('.signer-card')).toContainText('Counted, not listed')
    await expect(page.getByLabel(/Count me/)).toBeChecked()

    await page.goto(`/letters/${letter.slug}`)
    await expect(page.locator('.count__number')).toHaveText('1')
    await expect(page.getByText(name)).toHaveCount(0)

    await withdraw(page, managePath, letter.slug, name)
  })

  test('an unknown link is a 404 page', async ({ page, consoleErrors }) => {
    const response = await page.goto('/manage/not-a-real-token')
    expect(response?.status()).toBe(404)
    expect(response?.headers()['cache-control']).toBe('no-store')
    await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible()
    acceptErrorStatus(consoleErrors, 404)
  })
})

test.describe('managing a signature without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('switch to counted, then withdraw, with plain form posts', async ({ page, createLetter }) => {
    const letter = await createLetter({ moderationRequired: false })
    const name = 'Itzel Quispe-Mamani'
    const managePath = await signAndConfirm(page, letter.slug, name)

    await page.goto(managePath)
    await page.getByLabel(/Count me/).check()
    await page.getByRole('button', { name: 'Save my choice' }).click()
    await expect(page.getByRole('status')).toContainText('counts on the letter without your name')
    await page.goto(`/letters/${letter.slug}`)
    await expect(page.locator('.count__number')).toHaveText('1')
    await expect(page.getByText(name)).toHaveCount(0)

    await withdraw(page, managePath, letter.slug, name)
  })
})
