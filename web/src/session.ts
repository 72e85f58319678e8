// Who is signed in. Kept in memory only, apart from the CSRF token, which
// sits in this tab's sessionStorage so that reloading a page does not stop
// the user from saving (the token is not personal data, and the session
// cookie it pairs with is HttpOnly). Nothing personal is ever stored in the
// browser: no names, no answers, no record contents.

export interface SignedInUser {
  userId: string
  agencyId: string
  role: string
  actions: string[]
  displayName?: string // known only right after signing in
}

const CSRF_KEY = 'threadline.csrf'

let current: SignedInUser | null = null

export function user(): SignedInUser | null {
  return current
}

export function signedIn(): boolean {
  return current !== null
}

export function can(action: string): boolean {
  return current?.actions.includes(action) ?? false
}

export function csrfToken(): string | null {
  try {
    return sessionStorage.getItem(CSRF_KEY)
  } catch {
    return null
  }
}

// True when this tab signed in before: a missing session then means it ended.
export function hadSession(): boolean {
  return csrfToken() !== null
}

export function start(u: SignedInUser, csrf?: string): void {
  current = u
  if (csrf) {
    try {
      sessionStorage.setItem(CSRF_KEY, csrf)
    } catch {
      // Storage may be disabled: writes will then ask the user to sign in again.
    }
  }
}

export function end(): void {
  current = null
  try {
    sessionStorage.removeItem(CSRF_KEY)
  } catch {
    // nothing to remove
  }
}
