// The students on a meeting, each with a link to their profile and to the case the meeting
// opened or joined; those who may change the meeting add students (several at once, all or
// nothing) and take them off.
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, invalidField, unwrap, type StudentEntry } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StudentsPicker } from "../../components/StudentsPicker";
import { useFormSubmit } from "../../components/useFormSubmit";
import { useSubmit } from "../../components/useSubmit";
import { gradeLabel } from "../dashboard/labels";
import type { OnMeetingChanged } from "./MeetingScreen";
import { studentCount, type Meeting } from "./meetingTime";

interface Props {
  meeting: Meeting;
  canChange: boolean;
  onChanged: OnMeetingChanged;
}

export function MeetingStudents({ meeting, canChange, onChanged }: Props) {
  const remove = async (student: Meeting["students"][number]) => {
    unwrap(
      await api.DELETE("/api/v1/meetings/{id}/students/{student_id}", {
        params: { path: { id: meeting.id, student_id: student.id } },
      }),
    );
    const changed = unwrap(await api.GET("/api/v1/meetings/{id}", { params: { path: { id: meeting.id } } }));
    onChanged(changed, `${student.name} taken off the meeting.`);
  };
  const removing = useSubmit(remove);

  return (
    <section className="panel" aria-labelledby="meeting-students-heading">
      <h2 id="meeting-students-heading">Students ({meeting.students.length})</h2>
      <ErrorMessage error={removing.error} />
      {meeting.students.length === 0 ? (
        <p className="empty">No students on this meeting{canChange ? " yet: add them below." : "."}</p>
      ) : (
        <table>
          <caption className="visually-hidden">Students on this meeting</caption>
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Grade</th>
              <th scope="col">Case</th>
              {canChange && <th scope="col">Take off</th>}
            </tr>
          </thead>
          <tbody>
            {meeting.students.map((student) => (
              <tr key={student.id}>
                <th scope="row">
                  <Link to={`/students/${student.id}`}>{student.name}</Link>
                </th>
                <td>{gradeLabel(student.grade)}</td>
                <td>
                  {student.case_id ? <Link to={`/cases/${student.case_id}`}>Case of {student.name}</Link> : "None"}
                </td>
                {canChange && (
                  <td>
                    <button type="button" disabled={removing.busy} onClick={() => void removing.run(student)}>
                      Remove<span className="visually-hidden"> {student.name}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canChange && <AddStudents meeting={meeting} onChanged={onChanged} />}
    </section>
  );
}

function AddStudents({ meeting, onChanged }: { meeting: Meeting; onChanged: OnMeetingChanged }) {
  const [students, setStudents] = useState<StudentEntry[]>([]);
  const add = async () => {
    if (students.length === 0) throw invalidField("student_ids", "Choose at least one student to add.");
    const body = { student_ids: students.map((student) => student.id ?? 0) };
    const changed = unwrap(
      await api.POST("/api/v1/meetings/{id}/students", { params: { path: { id: meeting.id } }, body }),
    );
    setStudents([]);
    onChanged(changed, `${studentCount(students.length)} added to the meeting.`);
  };
  const { onSubmit, busy, error, fields } = useFormSubmit(add);
  return (
    <form className="add-students" onSubmit={onSubmit} noValidate>
      <ErrorMessage error={error} />
      <StudentsPicker
        label="Add students"
        chosen={students}
        onChange={setStudents}
        excludeIds={meeting.students.map((student) => student.id)}
        error={fields.student_ids}
      />
      <button type="submit" disabled={busy}>
        {busy ? "Adding…" : "Add to meeting"}
      </button>
    </form>
  );
}
