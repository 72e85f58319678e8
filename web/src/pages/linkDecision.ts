// A practitioner's decision on two person records (docs/linkage.md,
// "Practitioners' decisions"), each on its own page: "same person" or "not
// the same person" with a reason, and undoing the standing decision with a
// reason. Both need `link.decide` and both records visible to the user; the
// server checks again. Back on the person record, a banner says what was
// done. Loaded on first use (./person registers the routes).

import { html } from 'lit-html'
import { del, put } from '../api'
import { formValues, type PageContext } from '../app'
import { percent } from '../format'
import { label } from '../labels'
import * as session from '../session'
import type { LinkExplanation } from '../types'
import { errorFor, radios, table, type FieldError } from '../ui/govuk'
import { forbidden, formButtons, formPage, refused, saved } from './caseForm'
import { decisionSummary, loadExplanation } from './person'
import { checkReason, reasonField } from './reasonField'

const MIN_REASON = 10

const decisionPath = (ctx: PageContext) =>
  `/api/v1/links/${encodeURIComponent(ctx.params.id)}/${encodeURIComponent(ctx.params.other)}/decision`

// The pair's explanation, when the user may decide: else the page that says
// why not is shown, and null.
async function pairFor(ctx: PageContext): Promise<LinkExplanation | null> {
  if (!session.can('link.decide')) {
    forbidden(ctx)
    return null
  }
  const e = await loadExplanation(ctx)
  return e && ctx.current() ? e : null
}

// The details identity resolution compares (data/linkage/model-v1.json).
const detailNames: Record<string, string> = {
  given_name: 'First name',
  family_name: 'Last name',
  dob: 'Date of birth',
  email: 'E-mail address',
  handle: 'Online handle',
  phone: 'Phone number',
}

// The details the two records hold, side by side, as the explanation gives them.
function comparison(e: LinkExplanation) {
  const rows = e.fields
    .filter((f) => f.value_a || f.value_b)
    .map((f) => [label(detailNames, f.field), f.value_a || 'Not recorded', f.value_b || 'Not recorded'])
  return rows.length
    ? table({ caption: 'What each record holds', captionSize: 's', classes: 'app-table--wrap', head: ['Detail', 'This record', 'Other record'], rows })
    : ''
}

// The server's refusals, each linked to the field it names (a conflict, to `fallback`).
const serverFields = (fallback: string) => ({
  ids: { decision: 'decision', reason: 'reason', b: fallback },
  names: { decision: 'The decision', reason: 'The reason:', b: 'The other record' },
  fallback,
})

export async function decidePage(ctx: PageContext): Promise<void> {
  const e = await pairFor(ctx)
  if (!e) return
  const { id, other } = ctx.params
  const back = `/persons/${id}`
  const title = 'Are these records the same person?'
  if (e.decision) {
    return formPage(
      ctx,
      { title: 'A decision already stands on these records', caption: 'Identity resolution', back, errors: [] },
      html`${decisionSummary(e.decision)}
        <p class="govuk-body">To change it, undo it first.</p>
        <p class="govuk-body"><a class="govuk-link" href="/persons/${id}/links/${other}/undo">Undo the decision</a></p>`,
    )
  }
  const d = { decision: '', reason: '' }
  const show = (errors: FieldError[] = []) =>
    formPage(
      ctx,
      { title, caption: 'Identity resolution', back, errors },
      html`<p class="govuk-body">
          The model finds these records ${percent(e.match_probability)} likely to be the same person:
          <a class="govuk-link" href="/persons/${id}/links/${other}">how it weighs each detail</a>. If you know better, record
          it: your decision wins over the model for everyone who sees these records.
        </p>
        ${comparison(e)}
        <form novalidate @submit=${submit}>
          ${radios({
            name: 'decision',
            legend: { text: 'Are they the same person?', size: 'm' },
            value: d.decision,
            error: errorFor(errors, 'decision'),
            items: [
              { value: 'same', text: 'Same person', hint: 'They are listed as the same person first, whatever the model finds.' },
              { value: 'different', text: 'Not the same person', hint: 'The link is no longer listed, on either record.' },
            ],
          })}
          ${reasonField({
            label: 'How do you know?',
            hint: `For example, the victim confirmed it, or the PNC shows an alias. At least ${MIN_REASON} characters; everyone who may see both records can read it.`,
            value: d.reason,
            errors,
          })}
          ${formButtons('Save the decision', back)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.decision = v.get('decision')
    d.reason = v.get('reason')
    const errors: FieldError[] = []
    if (!d.decision) errors.push({ id: 'decision', message: 'Select whether they are the same person' })
    checkReason(errors, d.reason, { missing: 'Enter how you know', min: MIN_REASON })
    if (errors.length) return show(errors)
    try {
      await put(decisionPath(ctx), { decision: d.decision, reason: d.reason })
      const same = d.decision === 'same'
      await saved(
        ctx,
        back,
        same ? 'Recorded: the same person as the other record' : 'Recorded: not the same person as the other record',
        html`<p class="govuk-body">
          ${same ? 'The other record is listed first.' : 'The link is no longer listed.'} You can undo the decision from the
          decisions about this record’s links.
        </p>`,
      )
    } catch (err) {
      refused(ctx, err, show, serverFields('decision'))
    }
  }

  show()
}

export async function undoPage(ctx: PageContext): Promise<void> {
  const e = await pairFor(ctx)
  if (!e) return
  const { id, other } = ctx.params
  const back = `/persons/${id}`
  const decision = e.decision
  if (!decision) {
    return formPage(
      ctx,
      { title: 'No decision stands on these records', caption: 'Identity resolution', back, errors: [] },
      html`<p class="govuk-body">There is nothing to undo: the model’s estimate stands (${percent(e.match_probability)}).</p>
        <p class="govuk-body"><a class="govuk-link" href="${back}">Go back to the person record</a></p>`,
    )
  }
  let reason = ''
  const show = (errors: FieldError[] = []) =>
    formPage(
      ctx,
      { title: 'Undo the decision', caption: 'Identity resolution', back, errors },
      html`${decisionSummary(decision)}
        <p class="govuk-body">
          Once it is undone, the model’s estimate stands again: ${percent(e.match_probability)} likely to be the same person
          (<a class="govuk-link" href="/persons/${id}/links/${other}">how the model weighs each detail</a>). The decision stays in
          the history, marked undone.
        </p>
        <form novalidate @submit=${submit}>
          ${reasonField({
            label: 'Why are you undoing it?',
            hint: `At least ${MIN_REASON} characters.`,
            value: reason,
            errors,
          })}
          ${formButtons('Undo the decision', back)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    reason = formValues(event.target as HTMLFormElement).get('reason')
    const errors: FieldError[] = []
    checkReason(errors, reason, { missing: 'Enter why you are undoing the decision', min: MIN_REASON })
    if (errors.length) return show(errors)
    try {
      await del(decisionPath(ctx), { reason })
      await saved(
        ctx,
        back,
        'The decision is undone',
        html`<p class="govuk-body">The model’s estimate stands again for the two records.</p>`,
      )
    } catch (err) {
      refused(ctx, err, show, serverFields('reason'))
    }
  }

  show()
}
