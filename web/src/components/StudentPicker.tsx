// Picks one student the user may see: type part of a name or a local id, then choose from
// the matches. Used wherever a form is about one student, and by StudentsPicker to add many
// one at a time (excludeIds leaves out those already chosen).
import { useId, useState } from "react";
import { describedBy } from "./Field";
import type { StudentEntry } from "../api/client";
import { useStudentSearch } from "./useStudentSearch";

interface Props {
  label: string;
  chosen: StudentEntry | null;
  onChoose(student: StudentEntry | null): void;
  error?: string;
  excludeIds?: number[];
  hint?: string;
}

export function StudentPicker({ label, chosen, onChoose, error, excludeIds = [], hint }: Props) {
  const [query, setQuery] = useState("");
  const q = query.trim();
  const matches = useStudentSearch({ q, limit: 8 }, q.length >= 2).matches ?? [];
  const id = useId();

  // The search starts empty again after a choice (StudentsPicker adds one student after another).
  const choose = (student: StudentEntry) => {
    setQuery("");
    onChoose(student);
  };

  const shown = matches.filter((student) => !excludeIds.includes(student.id ?? 0));

  if (chosen) {
    return (
      <fieldset className="field student-picker">
        <legend>{label}</legend>
        <p className="chosen">
          <strong>{chosen.name}</strong>, grade {chosen.grade}
          {chosen.local_id ? ` · ${chosen.local_id}` : ""}{" "}
          <button type="button" onClick={() => onChoose(null)}>
            Change student
          </button>
        </p>
      </fieldset>
    );
  }
  return (
    <fieldset className={error ? "field student-picker field-invalid" : "field student-picker"}>
      <legend>{label}</legend>
      <label htmlFor={id}>Find by name or local id</label>
      {hint && (
        <span className="hint" id={id + "-hint"}>
          {hint}
        </span>
      )}
      <input
        id={id}
        type="search"
        autoComplete="off"
        value={query}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        onChange={(event) => setQuery(event.target.value)}
      />
      {error && (
        <span className="field-error" id={id + "-error"}>
          {error}
        </span>
      )}
      {shown.length > 0 && (
        <ul className="picker-matches" aria-label="Matching students">
          {shown.map((student) => (
            <li key={student.id}>
              <button type="button" onClick={() => choose(student)}>
                {student.name}, grade {student.grade}
                {student.local_id ? ` · ${student.local_id}` : ""}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
