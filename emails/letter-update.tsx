import { Heading, Link, Section, Text } from '@react-email/components'
import { EmailLayout } from './layout'

export type LetterUpdateProps = {
  signerName: string
  letterTitle: string
  letterUrl: string
  updateTitle: string
  updateUrl: string
  /** The update's Markdown as the letter's page shows it: already rendered and sanitized. */
  updateHtml: string
  manageUrl: string
}

export function letterUpdateSubject({
  letterTitle,
  updateTitle,
}: Pick<LetterUpdateProps, 'letterTitle' | 'updateTitle'>) {
  return `${updateTitle} · “${letterTitle}”`
}

export function LetterUpdateEmail(props: LetterUpdateProps) {
  return (
    <EmailLayout preview={letterUpdateSubject(props)}>
      <Text style={{ fontSize: 14, color: '#4b5563' }}>
        An update from the organizers of “<Link href={props.letterUrl}>{props.letterTitle}</Link>”
      </Text>
      <Heading as="h1" style={{ fontSize: 24, fontWeight: 'normal' }}>
        {props.updateTitle}
      </Heading>
      <Text>Dear {props.signerName},</Text>
      <Section>
        <div dangerouslySetInnerHTML={{ __html: props.updateHtml }} />
      </Section>
      <Text>
        <Link href={props.updateUrl}>Read this update on the letter’s page</Link>.
      </Text>
      <Text style={{ fontFamily: 'Helvetica, Arial, sans-serif', fontSize: 14 }}>
        You receive updates because you asked for them when you signed.{' '}
        <Link href={`${props.manageUrl}#update-emails`}>Stop update emails</Link>, or{' '}
        <Link href={props.manageUrl}>manage your signature</Link> to change or withdraw it. These links are
        yours alone: do not forward this email.
      </Text>
    </EmailLayout>
  )
}
