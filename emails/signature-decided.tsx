import { Heading, Link, Text } from '@react-email/components'
import { EmailLayout } from './layout'

export type SignatureApprovedProps = {
  signerName: string
  letterTitle: string
  letterUrl: string
  listed: boolean
  manageUrl: string
}

export function signatureApprovedSubject({ letterTitle }: Pick<SignatureApprovedProps, 'letterTitle'>) {
  return `Your signature on “${letterTitle}” is now public`
}

export function SignatureApprovedEmail(props: SignatureApprovedProps) {
  return (
    <EmailLayout preview={signatureApprovedSubject(props)}>
      <Heading as="h1" style={{ fontSize: 24, fontWeight: 'normal' }}>
        Your signature is on the letter
      </Heading>
      <Text>Dear {props.signerName},</Text>
      <Text>
        The organizers of “<Link href={props.letterUrl}>{props.letterTitle}</Link>” reviewed your signature.{' '}
        {props.listed
          ? 'Your name now appears on the letter and counts towards its total.'
          : 'It now counts towards the letter’s total; as you asked, your name is not shown.'}
      </Text>
      <Text>
        To change how your name appears, or to withdraw:{' '}
        <Link href={props.manageUrl}>manage your signature</Link>.
      </Text>
    </EmailLayout>
  )
}

export type SignatureRejectedProps = {
  signerName: string
  letterTitle: string
  letterUrl: string
  manageUrl: string
}

export function signatureRejectedSubject({ letterTitle }: Pick<SignatureRejectedProps, 'letterTitle'>) {
  return `About your signature on “${letterTitle}”`
}

export function SignatureRejectedEmail(props: SignatureRejectedProps) {
  return (
    <EmailLayout preview={signatureRejectedSubject(props)}>
      <Heading as="h1" style={{ fontSize: 24, fontWeight: 'normal' }}>
        Your signature was not added
      </Heading>
      <Text>Dear {props.signerName},</Text>
      <Text>
        The organizers of “<Link href={props.letterUrl}>{props.letterTitle}</Link>” review every signature,
        and they did not add yours to the letter. If you think this is a mistake, reply to the organizers
        through the letter’s page.
      </Text>
      <Text>
        Your signature’s details: <Link href={props.manageUrl}>manage your signature</Link>.
      </Text>
    </EmailLayout>
  )
}
