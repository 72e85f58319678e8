// Record a needs assessment: what the victim needs help with (safety,
// housing, health, money, legal help, emotional support, children, work)
// and notes. The advocate's record (case.advocacy).

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { needNames } from '../labels'
import type { FieldError } from '../ui/govuk'
import { caseFormPage, checkText, codeCheckboxes, formButtons, longTextField, MAX_LONG_TEXT, refused, saved } from './caseForm'
import type { Case } from './cases'

export async function needsAssessmentPage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { needs: [] as string[], notes: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record a needs assessment',
      errors,
      html`<form novalidate @submit=${submit}>
        ${codeCheckboxes({ name: 'needs', legend: 'What does the victim need help with?', names: needNames, values: d.needs, errors })}
        ${longTextField('notes', 'Notes (optional)', d.notes, errors, 'What the victim asked for, and what is already in place.')}
        ${formButtons('Save the needs assessment', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.needs = v.all('needs')
    d.notes = v.get('notes')
    const errors: FieldError[] = []
    if (!d.needs.length) errors.push({ id: 'needs', message: 'Select at least one thing the victim needs help with' })
    checkText(errors, 'notes', d.notes, { name: 'The notes', max: MAX_LONG_TEXT })
    if (errors.length) return show(errors)
    const body: Record<string, unknown> = { needs: d.needs }
    if (d.notes) body.notes = d.notes
    try {
      await post(`/api/v1/cases/${kase.id}/needs-assessments`, body)
      await saved(ctx, `/cases/${kase.id}`, 'The needs assessment is saved')
    } catch (e) {
      refused(ctx, e, show, { ids: { needs: 'needs', notes: 'notes' }, names: { needs: 'The needs' }, fallback: 'needs' })
    }
  }

  show()
}
