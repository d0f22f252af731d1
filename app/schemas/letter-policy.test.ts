import { parseWithZod } from '@conform-to/zod'
import { describe, expect, test } from 'vitest'
import { letterPolicySchema } from './letter-policy'

function form(fields: Record<string, string | string[]>) {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) data.append(name, item)
  }
  return data
}

const parse = (fields: Record<string, string | string[]>) =>
  parseWithZod(form({ listingRequires: 'email', ...fields }), { schema: letterPolicySchema })

/** The field errors of a refused submission. */
const errorsOf = (submission: { reply(): { error?: Record<string, string[] | null> | null } }) =>
  submission.reply().error ?? undefined

describe('letterPolicySchema', () => {
  test('one profession a line, tidied, empty lines dropped; unticked boxes are off and no registry', () => {
    const submission = parse({
      allowedProfessions: '  Attorney \r\n\r\n   \nPublic   defender\n\nLaw professor\n',
    })
    expect(submission.status === 'success' && submission.value).toEqual({
      allowedProfessions: ['Attorney', 'Public defender', 'Law professor'],
      listingRequires: 'email',
      autoApproveVerified: false,
      licenceRegistries: [],
    })
  })

  test('an empty list means any profession; ticked boxes and one or several registries', () => {
    const one = parse({
      allowedProfessions: '',
      listingRequires: 'profession',
      autoApproveVerified: 'on',
      licenceRegistries: 'npi',
    })
    expect(one.status === 'success' && one.value).toEqual({
      allowedProfessions: [],
      listingRequires: 'profession',
      autoApproveVerified: true,
      licenceRegistries: ['npi'],
    })
    const several = parse({ licenceRegistries: ['npi', 'state-bar', 'npi'] })
    expect(several.status === 'success' && several.value.licenceRegistries).toEqual(['npi', 'state-bar'])
  })

  test('duplicates are refused whatever their case, naming both lines', () => {
    const submission = parse({ allowedProfessions: 'Attorney\nLaw professor\n attorney \nLAW PROFESSOR' })
    expect(submission.status).toBe('error')
    expect(errorsOf(submission)?.allowedProfessions).toEqual([
      'Line 3: “attorney” is already on the list (line 1, “Attorney”). List each profession once.',
      'Line 4: “LAW PROFESSOR” is already on the list (line 2, “Law professor”). List each profession once.',
    ])
  })

  test('a profession has at most 80 characters', () => {
    const ok = parse({ allowedProfessions: 'x'.repeat(80) })
    expect(ok.status).toBe('success')
    const tooLong = parse({ allowedProfessions: `Attorney\n${'x'.repeat(81)}` })
    expect(errorsOf(tooLong)?.allowedProfessions).toEqual([
      'Line 2 is 81 characters long; a profession has at most 80.',
    ])
  })

  test('at most 50 professions', () => {
    const fifty = Array.from({ length: 50 }, (_, index) => `Profession ${index + 1}`)
    expect(parse({ allowedProfessions: fifty.join('\n') }).status).toBe('success')
    const tooMany = parse({ allowedProfessions: [...fifty, 'Profession 51'].join('\n') })
    expect(errorsOf(tooMany)?.allowedProfessions).toEqual(['List at most 50 professions (this list has 51).'])
  })

  test.each([
    [{ listingRequires: '' }, 'listingRequires', 'Choose what a signature needs before its name is listed'],
    [
      { listingRequires: 'registry' },
      'listingRequires',
      'Choose what a signature needs before its name is listed',
    ],
    [{ autoApproveVerified: 'yes' }, 'autoApproveVerified', 'Tick the box or leave it empty'],
    [{ licenceRegistries: 'NPI; drop table' }, 'licenceRegistries[0]', 'Choose registries from the list'],
  ])('refuses %j', (fields, name, message) => {
    const submission = parse(fields)
    expect(submission.status).toBe('error')
    expect(errorsOf(submission)?.[name]).toEqual([message])
  })
})
