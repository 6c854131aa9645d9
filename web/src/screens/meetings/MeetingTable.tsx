import { Link } from "react-router-dom";
import { formatMeetingTime, studentCount, type Meeting } from "./meetingTime";
import { ScrollTable } from "../../components/ScrollTable";

export function MeetingStatus({ meeting }: { meeting: Meeting }) {
  return meeting.status === "cancelled" ? <span className="badge badge-warn">Cancelled</span> : null;
}

export function MeetingTable({ meetings, caption }: { meetings: Meeting[]; caption: string }) {
  return (
    <ScrollTable label={caption} columns={["Meeting", "When", "Location", "Students", "Attendees"]}>
      {meetings.map((meeting) => (
        <tr key={meeting.id}>
          <th scope="row">
            <Link to={`/meetings/${meeting.id}`}>{meeting.title}</Link>
            <MeetingStatus meeting={meeting} />
          </th>
          <td>{formatMeetingTime(meeting)}</td>
          <td>{meeting.location || <span className="muted">Not set</span>}</td>
          <td>{studentCount(meeting.students.length)}</td>
          <td>{meeting.attendees.map((attendee) => attendee.name).join(", ")}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}
