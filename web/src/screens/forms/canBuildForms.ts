import type { Me } from "../../api/client";
import { hasRole } from "../../session";

// Roles with a school-wide view build and edit forms (the API decides; this only spares others
// links that would be refused): administrators, counselors and interventionists.
export function canBuildForms(user: Me | null): boolean {
  return hasRole(user, "district_admin", "school_admin", "interventionist");
}
