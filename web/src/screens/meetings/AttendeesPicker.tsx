// Staff attending a meeting: choose from the staff directory's colleagues offered (New meeting leaves out the caller, who always attends), see the
// chosen ones, take any off again.
import { useId, useState } from "react";
import { ChosenList } from "../../components/ChosenList";
import type { Staff } from "../../components/useStaff";

interface Props {
  staff: Staff[];
  chosenIds: number[];
  onChange(ids: number[]): void;
  error?: string;
}

export function AttendeesPicker({ staff, chosenIds, onChange, error }: Props) {
  const id = useId();
  const [candidate, setCandidate] = useState("");
  const chosen = staff.filter((member) => chosenIds.includes(member.id ?? 0));
  const offered = staff.filter((member) => !chosenIds.includes(member.id ?? 0));
  const add = () => {
    if (candidate) onChange([...chosenIds, Number(candidate)]);
    setCandidate("");
  };
  return (
    <fieldset className={error ? "field attendees-picker field-invalid" : "field attendees-picker"}>
      <legend>Attendees</legend>
      <span className="hint" id={id + "-hint"}>
        Attendees may see every student on the meeting.
      </span>
      {chosen.length > 0 && (
        <ChosenList
          label={`Chosen attendees (${chosen.length})`}
          items={chosen.map((member) => ({ id: member.id ?? 0, name: member.name ?? "" }))}
          onRemove={(removed) => onChange(chosenIds.filter((each) => each !== removed))}
        />
      )}
      <div className="inline-form">
        <div className="field">
          <label htmlFor={id}>Add an attendee</label>
          <select
            id={id}
            value={candidate}
            aria-describedby={[id + "-hint", error ? id + "-error" : ""].filter(Boolean).join(" ")}
            aria-invalid={error ? true : undefined}
            onChange={(event) => setCandidate(event.target.value)}
          >
            <option value="">Choose a staff member</option>
            {offered.map((member) => (
              <option key={member.id} value={String(member.id)}>
                {member.name}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={add} disabled={!candidate}>
          Add attendee
        </button>
      </div>
      {error && (
        <span className="field-error" id={id + "-error"}>
          {error}
        </span>
      )}
    </fieldset>
  );
}
