// Record a safety plan: what will keep the victim safe, and when to review
// it. The advocate's record (case.advocacy).

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { formatDate } from '../format'
import { dateErrorId, type FieldError } from '../ui/govuk'
import {
  caseFormPage,
  checkDate,
  checkText,
  dateField,
  emptyDate,
  formButtons,
  longTextField,
  MAX_LONG_TEXT,
  readDate,
  refused,
  saved,
} from './caseForm'
import type { Case } from './cases'

export async function safetyPlanPage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { measures: '', review: emptyDate() }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record a safety plan',
      errors,
      html`<form novalidate @submit=${submit}>
        ${longTextField(
          'measures',
          'What will keep the victim safe?',
          d.measures,
          errors,
          'What the victim and each agency will do: security at home, a safe route, who to call.',
          8,
        )}
        ${dateField('review_on', 'When should it be reviewed? (optional)', d.review, errors)}
        ${formButtons('Save the safety plan', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.measures = v.get('measures')
    d.review = readDate(v, 'review_on')
    const errors: FieldError[] = []
    checkText(errors, 'measures', d.measures, { missing: 'Enter what will keep the victim safe', name: 'The plan', max: MAX_LONG_TEXT })
    const review = checkDate(errors, 'review_on', d.review, { name: 'The review date', when: 'future' })
    if (errors.length) return show(errors)
    const body: Record<string, unknown> = { measures: d.measures }
    if (review) body.review_on = review
    try {
      await post(`/api/v1/cases/${kase.id}/safety-plans`, body)
      await saved(
        ctx,
        `/cases/${kase.id}`,
        'The safety plan is saved',
        review ? html`<p class="govuk-body">It is due for review on ${formatDate(review)}.</p>` : undefined,
      )
    } catch (e) {
      refused(ctx, e, show, {
        ids: { measures: 'measures', review_on: dateErrorId('review_on') },
        names: { measures: 'The plan', review_on: 'The review date' },
        fallback: 'measures',
      })
    }
  }

  show()
}
