// Words for the roles a staff member holds per school (RoleGrant), and which of them the
// signed-in administrator may give: district administrators any; school administrators only
// school roles at the schools they administer (the API enforces the same).
import type { Me, School, Schemas } from "../../api/client";

export type RoleGrant = Schemas["RoleGrant"];
export type RoleName = RoleGrant["role"];

export const roleLabels: Record<RoleName, string> = {
  district_admin: "District administrator",
  school_admin: "School administrator",
  interventionist: "Counselor or interventionist",
  teacher: "Teacher",
};

export const roleNames = Object.keys(roleLabels) as RoleName[];

// "Teacher at Lincoln Elementary", "District administrator (every school)"
export function describeGrant(grant: RoleGrant, schools: School[]): string {
  if (grant.school_id === null || grant.school_id === undefined) return `${roleLabels[grant.role]} (every school)`;
  const school = schools.find((s) => s.id === grant.school_id)?.name ?? `school ${grant.school_id}`;
  return `${roleLabels[grant.role]} at ${school}`;
}

export interface GrantRights {
  roles: RoleName[];
  schools: School[];
}

export function grantRights(user: Me | null, schools: School[]): GrantRights {
  const grants = user?.roles ?? [];
  if (grants.some((grant) => grant.role === "district_admin")) return { roles: roleNames, schools };
  const administered = new Set(grants.filter((g) => g.role === "school_admin").map((g) => g.school_id));
  return {
    roles: roleNames.filter((role) => role !== "district_admin"),
    schools: schools.filter((school) => administered.has(school.id)),
  };
}
