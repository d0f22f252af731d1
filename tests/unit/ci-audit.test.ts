import { expect, test } from 'vitest'
import { auditVerdict } from '../../.ci/audit.mjs'

// npm's own report shapes (npm 11, auditReportVersion 2), as .ci/audit.mjs reads them.
const report = (counts: Record<string, number>) =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: {},
    metadata: {
      vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts },
      dependencies: { prod: 120, dev: 0, optional: 0, peer: 0, peerOptional: 0, total: 120 },
    },
  })

test('no advisory, or only low and moderate ones, passes', () => {
  expect(auditVerdict(report({}))).toMatchObject({ kind: 'clean' })
  expect(auditVerdict(report({ low: 3, moderate: 2, total: 5 }))).toMatchObject({ kind: 'clean' })
})

test('a high or critical advisory fails', () => {
  expect(auditVerdict(report({ high: 1, total: 1 }))).toMatchObject({ kind: 'vulnerable' })
  expect(auditVerdict(report({ critical: 2, total: 2 }))).toMatchObject({ kind: 'vulnerable' })
})

test('an audit that could not ask the registry is told apart from a clean one', () => {
  // What this project's machines get: the registry mirror refuses the audit endpoint.
  const refused = JSON.stringify({
    message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    method: 'POST',
    statusCode: 405,
    body: '',
    error: { summary: '', detail: '' },
  })
  expect(auditVerdict(refused)).toEqual({
    kind: 'unavailable',
    reason: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  })
  expect(auditVerdict('')).toMatchObject({ kind: 'unavailable' })
  expect(auditVerdict('npm error network ETIMEDOUT')).toMatchObject({ kind: 'unavailable' })
})
