// A staff member's roles, one row per role and school: choose the role, then the school
// (a district administrator's role is district-wide and has none). The API's message about
// the roles shows under them.
import { useId } from "react";
import { SchoolOptions } from "../../components/SchoolOptions";
import { roleLabels, type GrantRights, type RoleGrant, type RoleName } from "./roles";

interface Props {
  grants: RoleGrant[];
  rights: GrantRights;
  error?: string;
  onChange(grants: RoleGrant[]): void;
}

export function RolesEditor({ grants, rights, error, onChange }: Props) {
  const id = useId();
  const errorId = id + "-error";
  const replace = (index: number, grant: RoleGrant) => onChange(grants.map((old, i) => (i === index ? grant : old)));
  const add = () =>
    onChange([
      ...grants,
      {
        role: rights.roles.includes("teacher") ? "teacher" : (rights.roles[0] ?? "teacher"),
        school_id: rights.schools[0]?.id ?? null,
      },
    ]);

  return (
    <fieldset
      className={error ? "roles-editor field-invalid" : "roles-editor"}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>Roles</legend>
      {grants.length === 0 && <p className="empty">No roles yet: add one so the account can do anything.</p>}
      {grants.map((grant, index) => (
        <div className="role-row" key={index}>
          <label htmlFor={`${id}-role-${index}`}>Role {index + 1}</label>
          <select
            id={`${id}-role-${index}`}
            value={grant.role}
            onChange={(event) => {
              const role = event.target.value as RoleName;
              const school_id = role === "district_admin" ? null : (grant.school_id ?? rights.schools[0]?.id ?? null);
              replace(index, { role, school_id });
            }}
          >
            {withCurrent(rights.roles, grant.role).map((role) => (
              <option key={role} value={role}>
                {roleLabels[role]}
              </option>
            ))}
          </select>
          {grant.role !== "district_admin" && (
            <>
              <label htmlFor={`${id}-school-${index}`}>School of role {index + 1}</label>
              <select
                id={`${id}-school-${index}`}
                value={String(grant.school_id ?? "")}
                onChange={(event) => replace(index, { ...grant, school_id: Number(event.target.value) })}
              >
                <SchoolOptions schools={rights.schools} />
              </select>
            </>
          )}
          <button type="button" onClick={() => onChange(grants.filter((_, i) => i !== index))}>
            Remove role {index + 1}
          </button>
        </div>
      ))}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
      <button type="button" onClick={add}>
        Add a role
      </button>
    </fieldset>
  );
}

// A role the administrator may not give still shows as what the account holds.
function withCurrent(roles: RoleName[], current: RoleName): RoleName[] {
  return roles.includes(current) ? roles : [current, ...roles];
}
