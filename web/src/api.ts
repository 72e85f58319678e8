// Every call to the Threadline HTTP API goes through here: the session
// cookie travels by itself, writes carry the CSRF token, and failures
// arrive as RFC 9457 problem details turned into ApiError.

import { csrfToken } from './session'

export interface FieldProblem {
  field: string
  message: string
}

export interface Problem {
  type?: string
  title?: string
  status: number
  detail?: string
  request_id?: string
  errors?: FieldProblem[]
  // 409: what is allowed instead (the transitions or channels now legal).
  allowed?: string[]
}

export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`)
    this.status = problem.status
    this.problem = problem
  }

  // The message the server gave for one field ("answers/occasions"), if any.
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message
  }
}

// Thrown after the session has ended: the sign-in page is already on its
// way, so whoever called should stop quietly.
export class SessionEnded extends Error {
  constructor() {
    super('the session has ended')
  }
}

type Listener = () => void
let onSessionEnded: Listener = () => {}

// Called once by the router: what to do when the server says the session is gone.
export function whenSessionEnds(listener: Listener): void {
  onSessionEnded = listener
}

async function readProblem(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Problem
    return { ...body, status: response.status }
  } catch {
    return { status: response.status, title: response.statusText }
  }
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET') {
    const token = csrfToken()
    if (token) headers['X-CSRF-Token'] = token
  }
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError({ status: 0, title: 'The service could not be reached' })
  }
  const signingIn = method === 'POST' && path === '/api/v1/session'
  if (response.status === 401 && !signingIn) {
    onSessionEnded()
    throw new SessionEnded()
  }
  if (!response.ok) throw new ApiError(await readProblem(response))
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

export const get = <T>(path: string) => call<T>('GET', path)
export const post = <T>(path: string, body: unknown) => call<T>('POST', path, body)
export const put = <T>(path: string, body: unknown) => call<T>('PUT', path, body)
export const del = <T = void>(path: string, body?: unknown) => call<T>('DELETE', path, body)

// A query string from the values that are set.
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}
