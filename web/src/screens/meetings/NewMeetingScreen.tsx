// "+ New → Meeting": schedule a meeting with several students at once. Scheduling records
// meeting_student_added for each student in one transaction, which opens or joins each
// student's case when the district counts meetings; the server decides, and the meeting page
// then says how many of the students are on a case.
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { api, unwrap, type StudentEntry } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { StudentsPicker } from "../../components/StudentsPicker";
import { usePageTitle } from "../../components/usePageTitle";
import { useActiveStaff } from "../../components/useStaff";
import { useFormSubmit } from "../../components/useFormSubmit";
import { useSession } from "../../session";
import { AttendeesPicker } from "./AttendeesPicker";
import { emptyTimes, meetingInstants, MeetingTimeFields } from "./MeetingTimeFields";
import { studentCount, type Meeting } from "./meetingTime";

// What scheduling did, as the API reports it: each student's case_id names the case the
// meeting opened or joined (the API does not say which of the two).
function scheduledSentence(meeting: Meeting): string {
  const students = meeting.students.length;
  const onCases = meeting.students.filter((student) => student.case_id !== null).length;
  const scheduled = `Meeting “${meeting.title}” scheduled with ${studentCount(students)}.`;
  if (students === 0) return scheduled;
  if (onCases === 0) return `${scheduled} No case was opened: the district does not count meetings.`;
  return `${scheduled} ${onCases === 1 ? "1 case" : `${onCases} cases`} opened or joined.`;
}

export function NewMeetingScreen() {
  usePageTitle("New meeting");
  const { user } = useSession();
  const navigate = useNavigate();
  const staff = useActiveStaff().filter((member) => member.id !== user?.id);
  const [title, setTitle] = useState("");
  const [times, setTimes] = useState(emptyTimes);
  const [location, setLocation] = useState("");
  const [students, setStudents] = useState<StudentEntry[]>([]);
  const [attendeeIds, setAttendeeIds] = useState<number[]>([]);

  const schedule = async () => {
    const body = {
      title,
      ...meetingInstants(times),
      location: location || undefined,
      student_ids: students.map((student) => student.id ?? 0),
      attendee_ids: attendeeIds,
    };
    const meeting = unwrap(await api.POST("/api/v1/meetings", { body }));
    navigate(`/meetings/${meeting.id}`, { state: { notice: scheduledSentence(meeting) } });
  };
  const { onSubmit, busy, error, fields } = useFormSubmit(schedule);

  return (
    <section className="panel form-screen">
      <h1>New meeting</h1>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={error} />
        <Field label="Title" error={fields.title}>
          <input type="text" maxLength={200} value={title} onChange={(event) => setTitle(event.target.value)} />
        </Field>
        <MeetingTimeFields draft={times} onChange={setTimes} errors={fields} />
        <Field label="Location" hint="Optional" error={fields.location}>
          <input type="text" maxLength={200} value={location} onChange={(event) => setLocation(event.target.value)} />
        </Field>
        <StudentsPicker label="Students" chosen={students} onChange={setStudents} error={fields.student_ids} />
        <AttendeesPicker staff={staff} chosenIds={attendeeIds} onChange={setAttendeeIds} error={fields.attendee_ids} />
        <FormActions busy={busy} label="Schedule meeting" busyLabel="Scheduling…" cancelTo="/meetings" />
      </form>
    </section>
  );
}
