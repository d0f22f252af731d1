import { Heading, Link, Text } from '@react-email/components'
import { colors, EmailLayout, ManageSignatureLink, PrimaryButton } from './layout'

export type ImportedSignatureInviteProps = {
  signerName: string
  letterTitle: string
  letterUrl: string
  /** Where the organizers gathered the signature, as they named it: "Change.org petition". */
  source: string
  expiresInHours: number
  confirmUrl: string
  manageUrl: string
}

export function importedSignatureInviteSubject({
  letterTitle,
}: Pick<ImportedSignatureInviteProps, 'letterTitle'>) {
  return `Please confirm your signature on “${letterTitle}”`
}

export function ImportedSignatureInviteEmail(props: ImportedSignatureInviteProps) {
  return (
    <EmailLayout preview={`You signed “${props.letterTitle}” on ${props.source}. Please confirm it here.`}>
      <Heading as="h1" style={{ fontSize: 24, fontWeight: 'normal' }}>
        Please confirm your signature
      </Heading>
      <Text>Dear {props.signerName},</Text>
      <Text>
        You signed “<Link href={props.letterUrl}>{props.letterTitle}</Link>” on {props.source}. The organizers
        have moved the letter here, and your name is listed only once you confirm that this email address is
        yours.
      </Text>
      <PrimaryButton href={props.confirmUrl}>Confirm my signature</PrimaryButton>
      <Text style={{ color: colors.muted }}>
        The link works once and expires in {Math.round(props.expiresInHours / 24)} days. If you did not sign,
        ignore this message and your name will not be listed. If the button does not work, copy this address
        into your browser: {props.confirmUrl}
      </Text>
      <ManageSignatureLink manageUrl={props.manageUrl} />
    </EmailLayout>
  )
}
