import { z } from 'zod'
import { requiredLine } from './fields'

// The mapping step of a signature import (ADR 020): the file travels back in `csv`, each field
// names the index of the column it reads from, and `intent` says dry run or import.

/** The largest file accepted: it travels back with each step of the form. */
export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024

export const IMPORT_FIELDS = [
  { key: 'name', label: 'Name', required: true },
  { key: 'email', label: 'Email', required: true },
  { key: 'profession', label: 'Profession', required: true },
  { key: 'organization', label: 'Organization', required: false },
  { key: 'location', label: 'Location', required: false },
  { key: 'licenceNumber', label: 'Licence number', required: false },
  { key: 'signedAt', label: 'Signed date', required: false },
] as const

export type ImportFieldKey = (typeof IMPORT_FIELDS)[number]['key']
export const IMPORT_FIELD_KEYS = IMPORT_FIELDS.map((field) => field.key)
export const REQUIRED_IMPORT_FIELDS = ['name', 'email', 'profession'] as const

const column = z.number().int().min(0).max(1000).optional()

export const signatureImportSchema = z
  .object({
    intent: z.enum(['preview', 'import']),
    csv: z.string({ required_error: 'Upload the file again' }).min(1, 'Upload the file again'),
    source: requiredLine(
      'Say where these signatures were gathered, like “Change.org petition”',
      'The source',
      100,
    ),
    invite: z.boolean().optional(),
    mapping: z.object({
      name: column,
      email: column,
      profession: column,
      organization: column,
      location: column,
      licenceNumber: column,
      signedAt: column,
    }),
  })
  .superRefine((value, ctx) => {
    for (const key of REQUIRED_IMPORT_FIELDS) {
      if (value.mapping[key] === undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['mapping', key],
          message: 'Choose the column to read',
        })
      }
    }
    const seen = new Map<number, string>()
    for (const key of IMPORT_FIELD_KEYS) {
      const index = value.mapping[key]
      if (index === undefined) continue
      if (seen.has(index)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['mapping', key],
          message: 'This column is already mapped to another field',
        })
      } else seen.set(index, key)
    }
  })

export type SignatureImportInput = z.infer<typeof signatureImportSchema>
