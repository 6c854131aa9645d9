// Chooses a staff member for a form (a task's assignee, a plan's owner, a group's
// facilitator): the user first, then the staff directory. The value is the chosen user's id
// as text (empty: the user).
import { useSession } from "../session";
import { Field } from "./Field";
import { useActiveStaff } from "./useStaff";

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
}

export function StaffSelect({ label, value, onChange, error }: Props) {
  const { user } = useSession();
  const staff = useActiveStaff();
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
