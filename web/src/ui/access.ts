// How a record reached this viewer and what was withheld from it, as text:
// a withheld field always says so and why, never just looks empty.

import { html, nothing } from 'lit-html'
import { fieldNames, label, sentence } from '../labels'
import type { Access } from '../types'
import { insetText, type Content } from './govuk'

export function withheldReason(access: Access | undefined, field: string): string | undefined {
  return access?.withheld.find((w) => w.field === field)?.reason
}

export function withheldText(reason: string): Content {
  return html`<span class="app-withheld">Withheld: ${reason}</span>`
}

// The value of a field, or its withheld marker.
export function shown(access: Access | undefined, field: string, value: Content): Content {
  const reason = withheldReason(access, field)
  return reason ? withheldText(reason) : value
}

export function basisText(basis: string): string {
  if (basis === 'own agency') return 'Your agency holds this record.'
  if (basis.startsWith('agreement ')) return `Shared with your agency under ${basis}.`
  if (basis.startsWith('emergency access ')) return `Opened under ${basis}, for 4 hours; the owning agency reviews it.`
  return sentence(basis)
}

export function accessNotice(access: Access | undefined): Content {
  if (!access) return nothing
  // One line per reason: "Address, postcode and phone numbers: withheld under …".
  const byReason = new Map<string, string[]>()
  for (const w of access.withheld) byReason.set(w.reason, [...(byReason.get(w.reason) ?? []), label(fieldNames, w.field)])
  const fields = (names: string[]) => {
    const list = names.map((n, i) => (i === 0 ? n : n.charAt(0).toLowerCase() + n.slice(1)))
    return list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list[0]
  }
  return insetText(html`<p class="govuk-body">${basisText(access.basis)}</p>
    ${byReason.size
      ? html`<p class="govuk-body">Not shared with you:</p>
          <ul class="govuk-list govuk-list--bullet">
            ${[...byReason].map(([reason, names]) => html`<li>${fields(names)}: ${reason}</li>`)}
          </ul>`
      : nothing}`)
}
