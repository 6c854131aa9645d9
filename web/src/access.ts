// What the signed-in user may do, as the server's access policy says (DESIGN.md, "Access and
// privacy"). Every record the API answers carries allowed_actions: what this user may do with
// it. /auth/me answers the actions the user's roles allow somewhere, which the menus use. A
// control shows only when its action is there; the browser keeps no rule of its own, and the
// server asks the policy again on every request.
import type { PolicyAction } from "./api/client";

export interface Allowing {
  allowed_actions?: readonly string[] | null;
}

// can(caseRecord, "case.close"); can(user, "audit.read") for the signed-in user: somewhere.
export function can(record: Allowing | null | undefined, action: PolicyAction): boolean {
  return record?.allowed_actions?.includes(action) ?? false;
}
