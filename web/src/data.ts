// Reference data read once per page load from the API and kept in memory:
// agencies and the screening questionnaire. Neither is personal data.

import { get } from './api'
import type { Agency, Page, Questionnaire } from './types'

let agencies: Promise<Agency[]> | null = null
let questionnaire: Promise<Questionnaire> | null = null

export function loadAgencies(): Promise<Agency[]> {
  agencies ??= get<Page<Agency>>('/api/v1/agencies').then((p) => p.items)
  agencies.catch(() => (agencies = null))
  return agencies
}

export async function agencyById(): Promise<Map<string, Agency>> {
  return new Map((await loadAgencies()).map((a) => [a.id, a]))
}

export function loadQuestionnaire(): Promise<Questionnaire> {
  questionnaire ??= get<Questionnaire>('/api/v1/screening/questionnaire')
  questionnaire.catch(() => (questionnaire = null))
  return questionnaire
}
