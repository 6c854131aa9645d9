// The student profile: demographics, the records other screens work on (cases, plans, tasks,
// meetings, form responses), files, the timeline and the access log; what the user may do
// about the student (new plan, task, form response, upload, read the access log) is what the
// profile's allowed_actions say. Opening it is a view in the student's access log. A student the
// user may not see answers 404, the same as one that does not exist: the page says so
// without telling which.
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError, api, unwrap } from "../../api/client";
import { can } from "../../access";
import { ErrorMessage } from "../../components/ErrorMessage";
import { NotFound } from "../../components/NotFound";
import { useLoaded } from "../../components/useLoaded";
import { useSchools } from "../../components/useSchools";
import { usePageTitle } from "../../components/usePageTitle";
import { gradeLabel } from "../dashboard/labels";
import { AccessLog } from "./AccessLog";
import { Demographics } from "./Demographics";
import { StudentFiles } from "./StudentFiles";
import { StudentCases, StudentFormResponses, StudentMeetings, StudentPlans, StudentTasks } from "./StudentRecords";
import { StudentTimeline } from "./StudentTimeline";

export function StudentScreen() {
  const studentId = Number(useParams().id);
  // Counts the uploads made here: each is a timeline event and may open or join a case, so
  // the timeline and the cases load again.
  const [uploads, setUploads] = useState(0);
  const loaded = useLoaded(
    async () => unwrap(await api.GET("/api/v1/students/{id}", { params: { path: { id: studentId } } })),
    [studentId],
  );
  const schools = useSchools();
  const student = loaded.data;
  const notFound = loaded.error instanceof ApiError && loaded.error.status === 404;
  usePageTitle(notFound ? "Student not found" : (student?.name ?? "Student profile"));

  if (notFound) return <StudentNotFound />;
  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (!student) return <p className="loading">Loading the student…</p>;
  const school = schools.find((candidate) => candidate.id === student.school_id);
  return (
    <article className="student-profile">
      <h1>{student.name}</h1>
      <p className="profile-summary">
        Grade {gradeLabel(student.grade)}
        {school && `, ${school.name}`}
        {student.local_id && ` · local id ${student.local_id}`}
      </p>
      <Demographics student={student} school={school} />
      <div className="profile-columns">
        <StudentCases studentId={studentId} uploads={uploads} />
        <StudentMeetings studentId={studentId} />
        <StudentFormResponses studentId={studentId} mayRespond={can(student, "form.respond")} />
      </div>
      <StudentTasks studentId={studentId} mayAssign={can(student, "task.assign")} />
      <StudentPlans studentId={studentId} mayCreate={can(student, "plan.create")} />
      <StudentFiles
        studentId={studentId}
        mayUpload={can(student, "file.upload")}
        onUploaded={() => setUploads((count) => count + 1)}
      />
      <StudentTimeline studentId={studentId} uploads={uploads} />
      {can(student, "student.read_access_log") && <AccessLog studentId={studentId} />}
    </article>
  );
}

function StudentNotFound() {
  return (
    <NotFound title="Student not found">
      There is no student at this address that you may see. You see a student when you have a reason the system knows:
      your school, your class, or a case, task, meeting or group of theirs. Find a student with the search at the top,
      or go to the <Link to="/cases">Case Management Dashboard</Link>.
    </NotFound>
  );
}
