// The students and events of a backfill: before applying, what it would open; after, the
// cases it opened. Long lists show their first rows; the counts always say how many in all.
import { Link } from "react-router-dom";
import { formatDateTime } from "../../time";
import { gradeLabel } from "../dashboard/labels";
import type { BackfillAnswer } from "../../api/client";
import { ScrollTable } from "../../components/ScrollTable";

const shownRows = 200;

export function BackfillStudents({ answer }: { answer: BackfillAnswer }) {
  const students = answer.students ?? [];
  const headline = answer.applied
    ? `Opened ${answer.student_count} cases for ${answer.event_count} events.`
    : `${answer.student_count} students with no open case, ${answer.event_count} events: each student would get one case.`;
  if (!students.length) {
    return (
      <p className="empty">
        No events of this trigger in these days belong to a student without an open case: nothing to backfill. Try other
        days or another trigger.
      </p>
    );
  }
  return (
    <>
      <h3>{answer.applied ? "Cases opened" : "Preview"}</h3>
      <p>{headline}</p>
      {students.length > shownRows && (
        <p className="muted">
          Showing the first {shownRows} of {students.length} students.
        </p>
      )}
      <ScrollTable
        label="Backfill students"
        columns={["Student", "Grade", "Events", ...(answer.applied ? ["Case"] : [])]}
      >
        {students.slice(0, shownRows).map((item) => (
          <tr key={item.student?.id}>
            <th scope="row">{item.student?.name}</th>
            <td>{gradeLabel(item.student?.grade)}</td>
            <td>
              <ul className="plain-list">
                {(item.events ?? []).map((event) => (
                  <li key={event.id}>
                    <time dateTime={event.at}>{formatDateTime(event.at)}</time>: {event.summary}
                  </li>
                ))}
              </ul>
            </td>
            {answer.applied && (
              <td>{item.case_id ? <Link to={`/cases/${item.case_id}`}>Case {item.case_id}</Link> : ""}</td>
            )}
          </tr>
        ))}
      </ScrollTable>
    </>
  );
}
