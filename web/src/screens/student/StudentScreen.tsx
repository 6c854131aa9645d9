// The student profile: demographics, the records other screens work on (cases, plans, tasks,
// meetings, form responses), files, the timeline and, for administrators of the student's
// school, the access log. Opening it is a view in the student's access log. A student the
// user may not see answers 404, the same as one that does not exist: the page says so
// without telling which.
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError, api, unwrap, type Me, type Student } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { NotFound } from "../../components/NotFound";
import { useLoaded } from "../../components/useLoaded";
import { useSchools } from "../../components/useSchools";
import { usePageTitle } from "../../components/usePageTitle";
import { useSession } from "../../session";
import { gradeLabel } from "../dashboard/labels";
import { AccessLog } from "./AccessLog";
import { Demographics } from "./Demographics";
import { StudentFiles } from "./StudentFiles";
import { StudentCases, StudentFormResponses, StudentMeetings, StudentPlans, StudentTasks } from "./StudentRecords";
import { StudentTimeline } from "./StudentTimeline";

// The API's rule, mirrored only to spare others a section it would refuse.
function readsAccessLog(user: Me | null, student: Student): boolean {
  return (user?.roles ?? []).some(
    (grant) =>
      grant.role === "district_admin" || (grant.role === "school_admin" && grant.school_id === student.school_id),
  );
}

export function StudentScreen() {
  const studentId = Number(useParams().id);
  const { user } = useSession();
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
        <StudentFormResponses studentId={studentId} />
      </div>
      <StudentTasks studentId={studentId} />
      <StudentPlans studentId={studentId} />
      <StudentFiles studentId={studentId} onUploaded={() => setUploads((count) => count + 1)} />
      <StudentTimeline studentId={studentId} uploads={uploads} />
      {readsAccessLog(user, student) && <AccessLog studentId={studentId} />}
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
