import { Heading, Link, Text } from '@react-email/components'
import { colors, EmailLayout, ManageSignatureLink, PrimaryButton } from './layout'

export type ConfirmSignatureProps = {
  signerName: string
  letterTitle: string
  letterUrl: string
  expiresInHours: number
  confirmUrl: string
  code: string
  /** The signer's "manage your signature" page: change the listing or withdraw. */
  manageUrl: string
}

export function confirmSignatureSubject({ letterTitle }: Pick<ConfirmSignatureProps, 'letterTitle'>) {
  return `Confirm your signature on “${letterTitle}”`
}

export function ConfirmSignatureEmail(props: ConfirmSignatureProps) {
  return (
    <EmailLayout preview={`Your code is ${props.code}. Confirm your signature on “${props.letterTitle}”.`}>
      <Heading as="h1" style={{ fontSize: 24, fontWeight: 'normal' }}>
        Confirm your signature
      </Heading>
      <Text>Dear {props.signerName},</Text>
      <Text>
        Thank you for signing “<Link href={props.letterUrl}>{props.letterTitle}</Link>”. Your name is not
        added until you confirm that this email address is yours.
      </Text>
      <PrimaryButton href={props.confirmUrl}>Confirm my signature</PrimaryButton>
      <Text>Or enter this code on the page where you signed:</Text>
      <Text style={{ fontSize: 28, letterSpacing: 6, fontFamily: 'Menlo, Consolas, monospace' }}>
        {props.code}
      </Text>
      <Text style={{ color: colors.muted }}>
        The link and the code work once and expire in {props.expiresInHours} hours. If the button does not
        work, copy this address into your browser: {props.confirmUrl}
      </Text>
      <ManageSignatureLink manageUrl={props.manageUrl} />
    </EmailLayout>
  )
}
