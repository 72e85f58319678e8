// What the user administration pages share: the roles the server knows,
// the user the address names (/admin/users/{id}/…), how a user and a role
// are named on a page, and the check that the viewer may manage users.
// Names appear in page content only, never in titles or addresses.

import { get } from '../api'
import type { PageContext } from '../app'
import { label, roleNames, sentence } from '../labels'
import * as session from '../session'
import type { User } from '../types'
import { forbidden, notFound } from './caseForm'

export interface RoleGrants {
  role: string
  actions: string[]
}

// "Police officer", as a table cell or an answer; roleText within a sentence.
export const roleName = (role: string) => sentence(label(roleNames, role))
export const roleText = (role: string) => label(roleNames, role)

// "Sam Patel (spatel)"
export const userName = (u: User) => `${u.display_name} (${u.username})`

export async function loadRoles(): Promise<RoleGrants[]> {
  return (await get<{ items: RoleGrants[] }>('/api/v1/roles')).items
}

// Only administrators manage users; anyone else sees "no permission".
export function mayManageUsers(ctx: PageContext): boolean {
  if (session.can('user.admin')) return true
  forbidden(ctx)
  return false
}

// The user named in the address, or null with the not-found page shown.
export async function loadUser(ctx: PageContext): Promise<User | null> {
  const users = (await get<{ items: User[] }>('/api/v1/users')).items
  const user = users.find((u) => u.id === ctx.params.id)
  if (!user && ctx.current()) notFound(ctx, 'User')
  return user ?? null
}
