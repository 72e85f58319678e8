// Record the victim's safe-contact preferences: how they may be contacted,
// when, who may contact them, a code word and what never to do. The latest
// recorded are the ones every agency reads before contacting the victim,
// and the ones the server checks each contact with the victim against; the
// form starts from them. case.advocacy.

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { channelNames } from '../labels'
import type { SafeContact } from '../types'
import type { FieldError } from '../ui/govuk'
import { caseFormPage, checkText, codeCheckboxes, formButtons, refused, saved, textField } from './caseForm'
import { collection, type Case } from './cases'

const questions: { key: Exclude<keyof SafeContact, 'channels'>; label: string; hint: string; name: string }[] = [
  { key: 'times', label: 'When is it safe to contact them? (optional)', hint: 'For example, weekdays after 6pm.', name: 'When it is safe' },
  {
    key: 'who_may_call',
    label: 'Who may contact them? (optional)',
    hint: 'For example, only their advocate or the officer in the case.',
    name: 'Who may contact them',
  },
  { key: 'code_word', label: 'Code word (optional)', hint: 'The word the victim uses to say it is not safe to talk.', name: 'The code word' },
  { key: 'do_not', label: 'What must never be done? (optional)', hint: 'For example, never leave a voicemail.', name: 'What must never be done' },
]

export async function safeContactPage(ctx: PageContext, kase: Case): Promise<void> {
  const recorded = await collection(kase.id, 'safe-contact')
  if (!ctx.current()) return
  const latest = recorded?.[recorded.length - 1]?.body as SafeContact | null | undefined
  const d: Required<SafeContact> = {
    channels: latest?.channels ?? [],
    times: latest?.times ?? '',
    who_may_call: latest?.who_may_call ?? '',
    code_word: latest?.code_word ?? '',
    do_not: latest?.do_not ?? '',
  }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record the victim’s safe-contact preferences',
      errors,
      html`<p class="govuk-body">
          Everyone contacting the victim reads these first, and a contact by a way the victim has not agreed to needs a
          reason. ${latest ? 'The form starts from the preferences recorded last; saving records them again as they are now.' : ''}
        </p>
        <form novalidate @submit=${submit}>
          ${codeCheckboxes({
            name: 'channels',
            legend: 'How may the victim be contacted?',
            hint: 'Select all the ways the victim agreed to.',
            names: channelNames,
            values: d.channels,
            errors,
          })}
          ${questions.map((q) => textField(q.key, q.label, d[q.key], errors, q.hint))}
          ${formButtons('Save the preferences', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.channels = v.all('channels')
    for (const q of questions) d[q.key] = v.get(q.key)
    const errors: FieldError[] = []
    if (!d.channels.length) errors.push({ id: 'channels', message: 'Select at least one way the victim may be contacted' })
    for (const q of questions) checkText(errors, q.key, d[q.key], { name: q.name })
    if (errors.length) return show(errors)
    const body: Record<string, unknown> = { channels: d.channels }
    for (const q of questions) {
      if (d[q.key]) body[q.key] = d[q.key]
    }
    try {
      await post(`/api/v1/cases/${kase.id}/safe-contact`, body)
      await saved(ctx, `/cases/${kase.id}`, 'The victim’s safe-contact preferences are saved')
    } catch (e) {
      refused(ctx, e, show, {
        ids: { channels: 'channels', times: 'times', who_may_call: 'who_may_call', code_word: 'code_word', do_not: 'do_not' },
        names: { channels: 'The ways to contact the victim', ...Object.fromEntries(questions.map((q) => [q.key, q.name])) },
        fallback: 'channels',
      })
    }
  }

  show()
}
