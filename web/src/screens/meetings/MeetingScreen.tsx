// One meeting: when (district time), where, who attends, the students (with their cases),
// notes and decisions per student, and the calendar file. Those the meeting's allowed_actions
// say may run it (meeting.run) add and take off students, reschedule it and write notes.
import { useEffect, useState } from "react";
import type { ReactNode } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import { can } from "../../access";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StatusNotice } from "../../components/StatusNotice";
import { usePageTitle } from "../../components/usePageTitle";
import { CancelMeeting } from "./CancelMeeting";
import { MeetingAttendees } from "./MeetingAttendees";
import { MeetingNotes } from "./MeetingNotes";
import { MeetingStatus } from "./MeetingTable";
import { MeetingStudents } from "./MeetingStudents";
import { Reschedule } from "./Reschedule";
import { formatMeetingTime, type Meeting } from "./meetingTime";

// What the page's parts call after a change: the meeting as it now is, and what to say.
export type OnMeetingChanged = (meeting: Meeting, sentence: string) => void;

export function MeetingScreen() {
  const { id } = useParams();
  const meetingId = Number(id);
  // New meeting leaves a sentence saying what scheduling did.
  const arrivalNotice = (useLocation().state as { notice?: string } | null)?.notice;
  const [meeting, setMeeting] = useState<Meeting | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  usePageTitle(meeting ? `Meeting: ${meeting.title}` : "Meeting");

  useEffect(() => {
    setMeeting(null);
    setNotice(null);
    api
      .GET("/api/v1/meetings/{id}", { params: { path: { id: meetingId } } })
      .then((result) => setMeeting(unwrap(result)))
      .catch(setError);
  }, [meetingId]);

  if (error) return <ErrorMessage error={error} />;
  if (!meeting) return <p className="loading">Loading the meeting…</p>;
  const canChange = can(meeting, "meeting.run");
  const isOpen = canChange && meeting.status === "scheduled";
  const canChooseAttendees = isOpen;
  const onChanged: OnMeetingChanged = (changed, sentence) => {
    setMeeting(changed);
    setNotice(sentence);
  };
  return (
    <article className="meeting">
      <p className="breadcrumb">
        <Link to="/meetings">Student Meetings</Link>
      </p>
      <h1>
        {meeting.title} <MeetingStatus meeting={meeting} />
      </h1>
      <StatusNotice notice={notice ?? arrivalNotice} />
      <MeetingHeader meeting={meeting}>
        {isOpen && <CancelMeeting meeting={meeting} onChanged={onChanged} />}
      </MeetingHeader>
      <div className="meeting-columns">
        <MeetingStudents meeting={meeting} canChange={isOpen} onChanged={onChanged} />
        {isOpen && <Reschedule meeting={meeting} onChanged={onChanged} />}
        {canChooseAttendees && <MeetingAttendees meeting={meeting} onChanged={onChanged} />}
      </div>
      <MeetingNotes meeting={meeting} canWrite={canChange} announce={setNotice} />
    </article>
  );
}

function MeetingHeader({ meeting, children }: { meeting: Meeting; children: ReactNode }) {
  const organizer = meeting.attendees.find((attendee) => attendee.id === meeting.created_by);
  return (
    <div className="meeting-header">
      <dl className="case-header">
        <div>
          <dt>When</dt>
          <dd>{formatMeetingTime(meeting)}</dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd>{meeting.location || "Not set"}</dd>
        </div>
        <div>
          <dt>Organizer</dt>
          <dd>{organizer?.name ?? "Unknown"}</dd>
        </div>
        <div>
          <dt>Attendees</dt>
          <dd>{meeting.attendees.map((attendee) => attendee.name).join(", ") || "None"}</dd>
        </div>
      </dl>
      {/* The calendar file holds no student data (it is forwarded to outside calendars). */}
      <div className="meeting-actions">
        <a className="button" href={`/api/v1/meetings/${meeting.id}.ics`} download={`meeting-${meeting.id}.ics`}>
          Download calendar file (.ics)
        </a>
        {children}
      </div>
    </div>
  );
}
