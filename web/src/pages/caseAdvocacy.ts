// Refer the victim to an advocacy service, under the consent they gave for
// it: the choice is among the case's consents to a referral to an advocate
// that stand (given, not withdrawn), each naming its service. The referral
// is then offered; accepting it, allocating an advocate and closing it are
// steps on the record (./caseEvents). case.advocacy.

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { formatDate } from '../format'
import type { CaseItem } from '../types'
import { errorFor, radios, type FieldError } from '../ui/govuk'
import { agencyNamer, caseFormPage, formButtons, nothingToRecord, refused, saved } from './caseForm'
import { collection, type Case } from './cases'
import { mayUse } from './caseWriters'

const field = (item: CaseItem, key: string) => (typeof item.body?.[key] === 'string' ? (item.body[key] as string) : '')

export async function advocacyPage(ctx: PageContext, kase: Case): Promise<void> {
  const [consents, agencyName] = await Promise.all([collection(kase.id, 'consents'), agencyNamer()])
  if (!ctx.current()) return
  const standing = (consents ?? []).filter((c) => c.status === 'given' && field(c, 'purpose') === 'advocacy_referral')
  if (!standing.length) {
    return nothingToRecord(
      ctx,
      kase,
      'Record the victim’s consent first',
      html`<p class="govuk-body">
          A referral to an advocate needs the victim’s consent to it, given and not withdrawn, naming the advocacy service.
        </p>
        ${mayUse('consent')
          ? html`<p class="govuk-body"><a class="govuk-link" href="/cases/${kase.id}/add/consent">Record consent</a></p>`
          : html`<p class="govuk-body">Ask someone working on the case to record it.</p>`}`,
    )
  }
  const d = { consent: standing.length === 1 ? standing[0].id : '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Refer the victim to an advocate',
      errors,
      html`<form novalidate @submit=${submit}>
        ${radios({
          name: 'consent_id',
          legend: { text: 'Which advocacy service?', size: 's' },
          hint: 'The services the victim consented to be referred to.',
          small: true,
          value: d.consent,
          error: errorFor(errors, 'consent_id'),
          items: standing.map((c) => ({
            value: c.id,
            text: agencyName(field(c, 'receiving_agency')),
            hint: `Consent recorded on ${formatDate(field(c, 'recorded_on') || c.created_at.slice(0, 10))}`,
          })),
        })}
        ${formButtons('Make the referral', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    d.consent = formValues(event.target as HTMLFormElement).get('consent_id')
    const consent = standing.find((c) => c.id === d.consent)
    if (!consent) return show([{ id: 'consent_id', message: 'Select the advocacy service' }])
    const service = field(consent, 'receiving_agency')
    try {
      await post(`/api/v1/cases/${kase.id}/advocacy`, { advocate_agency: service, consent_id: consent.id })
      await saved(
        ctx,
        `/cases/${kase.id}`,
        `The victim is referred to ${agencyName(service)}`,
        html`<p class="govuk-body">The referral is offered to the victim; record when they accept it.</p>`,
      )
    } catch (e) {
      refused(ctx, e, show, {
        ids: { advocate_agency: 'consent_id', consent_id: 'consent_id' },
        names: { advocate_agency: 'The advocacy service', consent_id: 'The consent' },
        fallback: 'consent_id',
      })
    }
  }

  show()
}
