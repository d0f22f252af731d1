import { Heading, Link, Text } from '@react-email/components'
import { EmailLayout, ManageSignatureLink } from './layout'

export type AlreadySignedProps = {
  signerName: string
  letterTitle: string
  letterUrl: string
  /** What became of the signature, in words the signer understands. */
  standing: 'listed' | 'awaiting-review' | 'not-listed'
  /** The signer's "manage your signature" page: change the listing or withdraw. */
  manageUrl: string
}

export function alreadySignedSubject({ letterTitle }: Pick<AlreadySignedProps, 'letterTitle'>) {
  return `You have already signed “${letterTitle}”`
}

const standingText: Record<AlreadySignedProps['standing'], string> = {
  listed: 'Your signature is confirmed and counted on the letter.',
  'awaiting-review': 'Your signature is confirmed and is waiting for the organizers’ review.',
  'not-listed': 'Your signature is on record but does not appear on the letter.',
}

export function AlreadySignedEmail(props: AlreadySignedProps) {
  return (
    <EmailLayout preview={`This address has already signed “${props.letterTitle}”.`}>
      <Heading as="h1" style={{ fontSize: 24, fontWeight: 'normal' }}>
        You have already signed
      </Heading>
      <Text>Dear {props.signerName},</Text>
      <Text>
        Someone, probably you, just tried to sign “<Link href={props.letterUrl}>{props.letterTitle}</Link>”
        again with this email address. Each address signs a letter once, so nothing has changed.
      </Text>
      <Text>{standingText[props.standing]}</Text>
      <ManageSignatureLink manageUrl={props.manageUrl} />
    </EmailLayout>
  )
}
