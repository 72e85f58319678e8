// Add an evidence item: what it is, its type and source, when it was
// obtained, the SHA-256 digest of its content (the item itself stays in the
// agency's evidence system) and the case's reports it proves. Its chain of
// custody is recorded on ./caseEvents (case.write).

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { evidenceSourceNames, evidenceTypeNames } from '../labels'
import { checkboxes, dateErrorId, errorFor, input, type FieldError } from '../ui/govuk'
import { caseFormPage, checkDate, codeRadios, dateField, emptyDate, formButtons, readDate, refused, saved } from './caseForm'
import type { Case } from './cases'

const SHA256 = /^[0-9a-fA-F]{64}$/

export async function evidencePage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { description: '', type: '', source: '', obtained: emptyDate(), sha: '', reports: [] as string[] }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Add evidence',
      errors,
      html`<form novalidate @submit=${submit}>
        ${input({
          id: 'description',
          label: 'What is it?',
          labelSize: 's',
          hint: 'One line, for example: Screenshots of 40 messages sent on 3 May.',
          value: d.description,
          error: errorFor(errors, 'description'),
          autocomplete: 'off',
        })}
        ${codeRadios({ name: 'evidence_type', legend: 'Type of evidence', names: evidenceTypeNames, value: d.type, errors })}
        ${codeRadios({ name: 'source', legend: 'Who provided it?', names: evidenceSourceNames, value: d.source, errors })}
        ${dateField('obtained_on', 'When was it obtained?', d.obtained, errors)}
        ${input({
          id: 'content_sha256',
          label: 'SHA-256 digest of the content',
          labelSize: 's',
          hint: 'From your digital evidence system: 64 characters, the digits 0 to 9 and the letters a to f. It shows later that the content has not changed.',
          value: d.sha,
          error: errorFor(errors, 'content_sha256'),
          autocomplete: 'off',
          spellcheck: false,
          classes: 'app-id',
        })}
        ${kase.report_ids.length
          ? checkboxes({
              name: 'report_ids',
              legend: { text: 'Which of the case’s reports does it prove? (optional)', size: 's' },
              hint: 'Select all that apply.',
              small: true,
              values: d.reports,
              error: errorFor(errors, 'report_ids'),
              items: kase.report_ids.map((id, i) => ({ value: id, text: `Report ${i + 1}`, hint: html`Record id <span class="app-id">${id}</span>` })),
            })
          : ''}
        ${formButtons('Add the evidence', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.description = v.get('description')
    d.type = v.get('evidence_type')
    d.source = v.get('source')
    d.obtained = readDate(v, 'obtained_on')
    d.sha = v.get('content_sha256').replace(/\s+/g, '')
    d.reports = v.all('report_ids')
    const errors: FieldError[] = []
    if (!d.description) errors.push({ id: 'description', message: 'Enter what the evidence is' })
    else if (d.description.length > 200) errors.push({ id: 'description', message: 'What the evidence is must be 200 characters or fewer' })
    if (!d.type) errors.push({ id: 'evidence_type', message: 'Select the type of evidence' })
    if (!d.source) errors.push({ id: 'source', message: 'Select who provided it' })
    const obtained = checkDate(errors, 'obtained_on', d.obtained, {
      missing: 'Enter the date it was obtained',
      name: 'The date it was obtained',
      when: 'past',
    })
    if (!d.sha) errors.push({ id: 'content_sha256', message: 'Enter the SHA-256 digest of the content' })
    else if (!SHA256.test(d.sha)) {
      errors.push({ id: 'content_sha256', message: 'The SHA-256 digest must be 64 characters, the digits 0 to 9 and the letters a to f' })
    }
    if (errors.length || !obtained) return show(errors)
    const body: Record<string, unknown> = {
      description: d.description,
      evidence_type: d.type,
      source: d.source,
      obtained_on: obtained,
      content_sha256: d.sha.toLowerCase(),
    }
    if (d.reports.length) body.report_ids = d.reports
    try {
      await post(`/api/v1/cases/${kase.id}/evidence`, body)
      await saved(ctx, `/cases/${kase.id}`, 'The evidence is added', html`<p class="govuk-body">Its chain of custody starts today.</p>`)
    } catch (e) {
      refused(ctx, e, show, {
        ids: {
          description: 'description',
          evidence_type: 'evidence_type',
          source: 'source',
          obtained_on: dateErrorId('obtained_on'),
          content_sha256: 'content_sha256',
          report_ids: 'report_ids',
        },
        names: { description: 'What the evidence is', obtained_on: 'The date it was obtained', content_sha256: 'The SHA-256 digest', report_ids: 'The reports' },
        fallback: 'description',
      })
    }
  }

  show()
}
