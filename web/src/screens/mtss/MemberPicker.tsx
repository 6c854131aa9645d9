// Adds many students to a group at once: search the group's school by name, local id or
// grade, tick students (the ticks stay while searching again), then one request adds them
// all; the server gives each a plan and opens or joins each one's case, all or nothing.
import { useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, unwrap, type StudentEntry } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useStudentSearch } from "../../components/useStudentSearch";
import { useSubmit } from "../../components/useSubmit";
import { gradeLabel, grades } from "../dashboard/labels";

export interface Added {
  student_id?: number;
  plan_id?: number;
  case_id?: number | null;
}

interface Props {
  groupId: number;
  schoolId: number | undefined;
  memberIds: Set<number>;
  onAdded(added: Added[], students: StudentEntry[]): void;
}

function addLabel(count: number): string {
  if (count === 0) return "Add students to the group";
  return `Add ${count} ${count === 1 ? "student" : "students"} to the group`;
}

function studentText(student: StudentEntry): string {
  return `${student.name}, grade ${gradeLabel(student.grade)}${student.local_id ? ` · ${student.local_id}` : ""}`;
}

export function MemberPicker({ groupId, schoolId, memberIds, onAdded }: Props) {
  const [query, setQuery] = useState("");
  const [grade, setGrade] = useState("");
  const [chosen, setChosen] = useState<Map<number, StudentEntry>>(new Map());
  const q = query.trim();
  const { matches } = useStudentSearch(
    { q: q || undefined, grade: grade || undefined, school_id: schoolId, limit: 50 },
    q.length >= 2 || grade !== "",
  );
  const add = async () => {
    const students = [...chosen.values()];
    const body = { student_ids: students.map((student) => student.id ?? 0) };
    const answer = unwrap(
      await api.POST("/api/v1/intervention-groups/{id}/members", { params: { path: { id: groupId } }, body }),
    );
    setChosen(new Map());
    onAdded(answer.added ?? [], students);
  };
  const { run, busy, error } = useSubmit(add);
  const fields = fieldErrors(error);

  const toggle = (student: StudentEntry) => {
    const next = new Map(chosen);
    if (next.has(student.id ?? 0)) next.delete(student.id ?? 0);
    else next.set(student.id ?? 0, student);
    setChosen(next);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.size > 0) void run();
  };

  return (
    <form className="member-picker" onSubmit={onSubmit} noValidate aria-labelledby="add-members-heading">
      <h3 id="add-members-heading">Add students</h3>
      <div className="field-row">
        <Field label="Find by name or local id">
          <input type="search" autoComplete="off" value={query} onChange={(event) => setQuery(event.target.value)} />
        </Field>
        <Field label="Grade">
          <select value={grade} onChange={(event) => setGrade(event.target.value)}>
            <option value="">Any grade</option>
            {grades.map((value) => (
              <option key={value} value={value}>
                {gradeLabel(value)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Matches matches={matches} chosen={chosen} memberIds={memberIds} toggle={toggle} />
      <ErrorMessage error={error} />
      <Chosen chosen={chosen} toggle={toggle} error={fields.student_ids} />
      <button type="submit" className="primary" disabled={busy || chosen.size === 0}>
        {busy ? `Adding ${chosen.size} students…` : addLabel(chosen.size)}
      </button>
    </form>
  );
}

interface MatchesProps {
  matches: StudentEntry[] | null;
  chosen: Map<number, StudentEntry>;
  memberIds: Set<number>;
  toggle(student: StudentEntry): void;
}

function Matches({ matches, chosen, memberIds, toggle }: MatchesProps) {
  if (matches === null) return <p className="hint">Type two letters of a name, or choose a grade, to list students.</p>;
  if (matches.length === 0)
    return <p className="empty">No students of this school match. Try another name or grade.</p>;
  return (
    <fieldset className="picker-list">
      <legend>Matching students ({matches.length})</legend>
      <ul>
        {matches.map((student) => {
          const member = memberIds.has(student.id ?? 0);
          return (
            <li key={student.id}>
              <label>
                <input
                  type="checkbox"
                  checked={member || chosen.has(student.id ?? 0)}
                  disabled={member}
                  onChange={() => toggle(student)}
                />{" "}
                {studentText(student)}
                {member && <span className="muted"> (already in the group)</span>}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

function Chosen({
  chosen,
  toggle,
  error,
}: {
  chosen: Map<number, StudentEntry>;
  toggle(student: StudentEntry): void;
  error?: string;
}) {
  return (
    <div className={error ? "chosen-students field-invalid" : "chosen-students"}>
      <h4 id="chosen-heading">Chosen ({chosen.size})</h4>
      {chosen.size === 0 ? (
        <p className="hint">None yet: tick students above.</p>
      ) : (
        <ul aria-labelledby="chosen-heading">
          {[...chosen.values()].map((student) => (
            <li key={student.id}>
              {studentText(student)}{" "}
              <button type="button" className="link-button" onClick={() => toggle(student)}>
                Untick<span className="visually-hidden"> {student.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
