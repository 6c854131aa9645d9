// Chooses a staff member for a form (a task's assignee, a plan's owner, a group's
// facilitator): the user first; administrators may choose anyone active, since only they may
// list staff accounts. The value is the chosen user's id as text (empty: the user).
import { useEffect, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";
import { hasRole, useSession } from "../session";
import { Field } from "./Field";

type Staff = Schemas["User"];

function useAssignableStaff(canList: boolean): Staff[] {
  const [staff, setStaff] = useState<Staff[]>([]);
  useEffect(() => {
    if (!canList) return;
    api
      .GET("/api/v1/users", { params: { query: { limit: 500 } } })
      .then((result) => setStaff((unwrap(result).items ?? []).filter((user) => user.active !== false)))
      .catch(() => setStaff([]));
  }, [canList]);
  return staff;
}

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
}

export function StaffSelect({ label, value, onChange, error }: Props) {
  const { user } = useSession();
  const staff = useAssignableStaff(hasRole(user, "district_admin", "school_admin"));
  return (
    <Field label={label} error={error}>
      <select value={value || String(user?.id ?? "")} onChange={(event) => onChange(event.target.value)}>
        <option value={String(user?.id ?? "")}>Me ({user?.name})</option>
        {staff
          .filter((member) => member.id !== user?.id)
          .map((member) => (
            <option key={member.id} value={String(member.id)}>
              {member.name}
            </option>
          ))}
      </select>
    </Field>
  );
}
