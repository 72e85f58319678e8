// Record a mental health contact: when, which service, and notes. Health information: only health roles write it (health.write)
// and only health roles read it, whatever an agreement shares.

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { dateErrorId, insetText, type FieldError } from '../ui/govuk'
import {
  caseFormPage,
  checkDateTime,
  checkText,
  dateTimeFields,
  emptyDate,
  formButtons,
  longTextField,
  MAX_LONG_TEXT,
  readDate,
  readTime,
  refused,
  saved,
  textField,
} from './caseForm'
import type { Case } from './cases'

export async function healthContactPage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { date: emptyDate(), time: '', service: '', notes: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record a health contact',
      errors,
      html`${insetText('Health information: only health roles can read it, in any agency.')}
        <form novalidate @submit=${submit}>
          ${dateTimeFields('at', 'When was it?', d.date, d.time, errors)}
          ${textField('service', 'Service', d.service, errors, 'For example, the stalking clinic or the community mental health team.')}
          ${longTextField('notes', 'Notes (optional)', d.notes, errors, 'What the assessment or session found.')}
          ${formButtons('Record the health contact', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.date = readDate(v, 'at')
    d.time = readTime(v, 'at')
    d.service = v.get('service')
    d.notes = v.get('notes')
    const errors: FieldError[] = []
    const at = checkDateTime(errors, 'at', d.date, d.time, 'the contact')
    checkText(errors, 'service', d.service, { missing: 'Enter the service', name: 'The service' })
    checkText(errors, 'notes', d.notes, { name: 'The notes', max: MAX_LONG_TEXT })
    if (errors.length || !at) return show(errors)
    const body: Record<string, unknown> = { at: at.toISOString(), service: d.service }
    if (d.notes) body.notes = d.notes
    try {
      await post(`/api/v1/cases/${kase.id}/health-contacts`, body)
      await saved(ctx, `/cases/${kase.id}`, 'The health contact is recorded')
    } catch (e) {
      refused(ctx, e, show, {
        ids: { at: dateErrorId('at'), service: 'service', notes: 'notes' },
        names: { at: 'The date and time', service: 'The service' },
        fallback: 'service',
      })
    }
  }

  show()
}
