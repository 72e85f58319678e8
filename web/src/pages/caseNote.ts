// Add a note to the case: free text, read by the agencies the case's
// narratives are shared with. case.write.

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import type { FieldError } from '../ui/govuk'
import { caseFormPage, checkText, formButtons, longTextField, MAX_LONG_TEXT, refused, saved } from './caseForm'
import type { Case } from './cases'

export async function notePage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { text: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Add a note',
      errors,
      html`<form novalidate @submit=${submit}>
        ${longTextField(
          'text',
          'Note',
          d.text,
          errors,
          'Other agencies read it where a sharing agreement gives them the case’s narratives.',
          8,
        )}
        ${formButtons('Add the note', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    d.text = formValues(event.target as HTMLFormElement).get('text')
    const errors: FieldError[] = []
    checkText(errors, 'text', d.text, { missing: 'Enter the note', name: 'The note', max: MAX_LONG_TEXT })
    if (errors.length) return show(errors)
    try {
      await post(`/api/v1/cases/${kase.id}/notes`, { text: d.text })
      await saved(ctx, `/cases/${kase.id}`, 'The note is added')
    } catch (e) {
      refused(ctx, e, show, { ids: { text: 'text' }, names: { text: 'The note' }, fallback: 'text' })
    }
  }

  show()
}
