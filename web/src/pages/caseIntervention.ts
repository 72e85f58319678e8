// Refer the perpetrator to an intervention: the programme, who provides it,
// the date of the referral and, if known, how well they engage. Its later
// steps (started, declined, completed, ended early) are recorded on
// ./caseEvents. Any role that works on the case may refer (case.write).

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { engagementNames } from '../labels'
import { dateErrorId, errorFor, input, type FieldError } from '../ui/govuk'
import { caseFormPage, checkDate, codeRadios, dateField, emptyDate, formButtons, readDate, refused, saved } from './caseForm'
import type { Case } from './cases'

export async function interventionPage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { programme: '', provider: '', referred: emptyDate(), engagement: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Refer to an intervention',
      errors,
      html`<form novalidate @submit=${submit}>
        ${input({
          id: 'programme',
          label: 'Programme',
          labelSize: 's',
          hint: 'For example, Stalking intervention programme.',
          value: d.programme,
          error: errorFor(errors, 'programme'),
          autocomplete: 'off',
        })}
        ${input({
          id: 'provider',
          label: 'Who provides it',
          labelSize: 's',
          hint: 'For example, the NHS stalking clinic.',
          value: d.provider,
          error: errorFor(errors, 'provider'),
          autocomplete: 'off',
        })}
        ${dateField('referral_date', 'Date of the referral', d.referred, errors)}
        ${codeRadios({
          name: 'engagement',
          legend: 'How well is the perpetrator engaging? (optional)',
          hint: 'Leave it until it is known.',
          names: engagementNames,
          value: d.engagement,
          errors,
          inline: true,
        })}
        ${formButtons('Refer to the intervention', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.programme = v.get('programme')
    d.provider = v.get('provider')
    d.referred = readDate(v, 'referral_date')
    d.engagement = v.get('engagement')
    const errors: FieldError[] = []
    if (!d.programme) errors.push({ id: 'programme', message: 'Enter the programme' })
    else if (d.programme.length > 200) errors.push({ id: 'programme', message: 'The programme must be 200 characters or fewer' })
    if (!d.provider) errors.push({ id: 'provider', message: 'Enter who provides it' })
    else if (d.provider.length > 200) errors.push({ id: 'provider', message: 'Who provides it must be 200 characters or fewer' })
    const referred = checkDate(errors, 'referral_date', d.referred, {
      missing: 'Enter the date of the referral',
      name: 'The date of the referral',
      when: 'past',
    })
    if (errors.length || !referred) return show(errors)
    const body: Record<string, unknown> = { programme: d.programme, provider: d.provider, referral_date: referred }
    if (d.engagement) body.engagement = d.engagement
    try {
      await post(`/api/v1/cases/${kase.id}/interventions`, body)
      await saved(ctx, `/cases/${kase.id}`, 'The referral to the intervention is recorded')
    } catch (e) {
      refused(ctx, e, show, {
        ids: { programme: 'programme', provider: 'provider', referral_date: dateErrorId('referral_date'), engagement: 'engagement' },
        names: { provider: 'Who provides it', referral_date: 'The date of the referral' },
        fallback: 'programme',
      })
    }
  }

  show()
}
