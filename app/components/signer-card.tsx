import type { ReactNode } from 'react'

/** The public details of one signature, as its signer checks them before and after signing. */
export function SignerCard({
  signer,
  status,
}: {
  signer: { name: string; profession: string; organization: string; location: string }
  status: { label: string; value: ReactNode }
}) {
  return (
    <dl className="signer-card">
      <dt>Name</dt>
      <dd>{signer.name}</dd>
      <dt>Profession</dt>
      <dd>{signer.profession}</dd>
      <dt>Organization</dt>
      <dd>{signer.organization}</dd>
      <dt>Location</dt>
      <dd>{signer.location}</dd>
      <dt>{status.label}</dt>
      <dd>{status.value}</dd>
    </dl>
  )
}
