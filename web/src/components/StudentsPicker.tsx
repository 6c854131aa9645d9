// Picks several students at once (a meeting, a group): search and choose one after another
// with StudentPicker, see the chosen ones listed, take any off again. Focus returns to the
// search after each change, and a hidden live region says what changed. excludeIds leaves out
// students who need not be offered (those already on the meeting).
import { useRef, useState } from "react";
import type { StudentEntry } from "../api/client";
import { ChosenList } from "./ChosenList";
import { StudentPicker } from "./StudentPicker";

interface Props {
  label: string;
  chosen: StudentEntry[];
  onChange(students: StudentEntry[]): void;
  error?: string;
  excludeIds?: number[];
}

export function studentDetail(student: StudentEntry): string {
  return `grade ${student.grade}` + (student.local_id ? ` · ${student.local_id}` : "");
}

export function StudentsPicker({ label, chosen, onChange, error, excludeIds = [] }: Props) {
  const box = useRef<HTMLFieldSetElement>(null);
  const [announcement, setAnnouncement] = useState("");
  const focusSearch = () => box.current?.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
  const count = (n: number) => (n === 1 ? "1 student chosen" : `${n} students chosen`);

  const add = (student: StudentEntry | null) => {
    if (!student || chosen.some((each) => each.id === student.id)) return;
    onChange([...chosen, student]);
    setAnnouncement(`${student.name} added; ${count(chosen.length + 1)}.`);
    focusSearch();
  };
  const remove = (id: number) => {
    const removed = chosen.find((each) => each.id === id);
    onChange(chosen.filter((each) => each.id !== id));
    setAnnouncement(`${removed?.name ?? "Student"} removed; ${count(chosen.length - 1)}.`);
    focusSearch();
  };

  return (
    <fieldset ref={box} className="field students-picker">
      <legend>{label}</legend>
      {chosen.length === 0 ? (
        <p className="muted">No students chosen yet.</p>
      ) : (
        <ChosenList
          label={`Chosen students (${chosen.length})`}
          items={chosen.map((student) => ({
            id: student.id ?? 0,
            name: student.name ?? "",
            detail: studentDetail(student),
          }))}
          onRemove={remove}
        />
      )}
      <StudentPicker
        label="Add a student"
        chosen={null}
        onChoose={add}
        error={error}
        excludeIds={[...excludeIds, ...chosen.map((student) => student.id ?? 0)]}
      />
      <div role="status" className="visually-hidden">
        {announcement}
      </div>
    </fieldset>
  );
}
