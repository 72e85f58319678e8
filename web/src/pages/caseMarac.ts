// Refer the case to a MARAC (multi-agency risk assessment conference): the
// date of the referral, the meeting if it is known, and why. MARAC is for
// domestic abuse: on a non-domestic case the page says so and points to the
// stalking clinic, as the server would refuse it. case.write.

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { formatDate } from '../format'
import { label } from '../labels'
import { dateErrorId, type FieldError } from '../ui/govuk'
import {
  caseFormPage,
  checkDate,
  checkText,
  dateField,
  emptyDate,
  formButtons,
  nothingToRecord,
  readDate,
  refused,
  saved,
  textField,
} from './caseForm'
import { caseTypeNames, type Case } from './cases'
import { isDomestic, mayAdd } from './caseWriters'

export async function maracPage(ctx: PageContext, kase: Case): Promise<void> {
  if (!isDomestic(kase)) {
    return nothingToRecord(
      ctx,
      kase,
      'MARAC is for domestic abuse',
      html`<p class="govuk-body">
          This case is ${kase.case_type ? label(caseTypeNames, kase.case_type).toLowerCase() : 'not triaged yet'}. Non-domestic stalking
          goes to the stalking clinic.
        </p>
        ${mayAdd('nomination', kase)
          ? html`<p class="govuk-body"><a class="govuk-link" href="/cases/${kase.id}/add/nomination">Nominate the case for a panel</a></p>`
          : ''}`,
    )
  }
  const d = { referred: emptyDate(), meeting: emptyDate(), reason: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Refer the case to MARAC',
      errors,
      html`<form novalidate @submit=${submit}>
        ${dateField('referred_on', 'Date of the referral', d.referred, errors)}
        ${dateField('meeting_on', 'Date of the MARAC meeting (optional)', d.meeting, errors, 'Leave it blank until the meeting is set.')}
        ${textField('reason', 'Why is it referred?', d.reason, errors, 'One line, for example: high risk on the DASH, and the victim asked for it.')}
        ${formButtons('Make the referral', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.referred = readDate(v, 'referred_on')
    d.meeting = readDate(v, 'meeting_on')
    d.reason = v.get('reason')
    const errors: FieldError[] = []
    const referred = checkDate(errors, 'referred_on', d.referred, {
      missing: 'Enter the date of the referral',
      name: 'The date of the referral',
      when: 'past',
    })
    const meeting = checkDate(errors, 'meeting_on', d.meeting, {
      name: 'The date of the meeting',
      after: referred ? { date: referred, what: 'the date of the referral' } : undefined,
    })
    checkText(errors, 'reason', d.reason, { missing: 'Enter why the case is referred', name: 'Why it is referred' })
    if (errors.length || !referred) return show(errors)
    const body: Record<string, unknown> = { referred_on: referred, reason: d.reason }
    if (meeting) body.meeting_on = meeting
    try {
      await post(`/api/v1/cases/${kase.id}/marac`, body)
      await saved(
        ctx,
        `/cases/${kase.id}`,
        'The MARAC referral is recorded',
        meeting ? html`<p class="govuk-body">The meeting is on ${formatDate(meeting)}.</p>` : undefined,
      )
    } catch (e) {
      refused(ctx, e, show, {
        ids: { referred_on: dateErrorId('referred_on'), meeting_on: dateErrorId('meeting_on'), reason: 'reason' },
        names: { referred_on: 'The date of the referral', meeting_on: 'The date of the meeting', reason: 'Why it is referred' },
        fallback: dateErrorId('referred_on'),
      })
    }
  }

  show()
}
