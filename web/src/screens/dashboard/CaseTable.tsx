import { Link } from "react-router-dom";
import type { Case } from "../../api/client";
import { formatDate, formatDateTime } from "../../time";
import { gradeLabel, triggerLabel } from "./labels";

function TaskProgress({ tasks }: { tasks: Case["tasks"] }) {
  if (!tasks || !tasks.total) return <span className="muted">None</span>;
  return (
    <span>
      {tasks.done}/{tasks.total} done
      {tasks.overdue ? <span className="badge badge-warn"> {tasks.overdue} overdue</span> : null}
    </span>
  );
}

export function CaseTable({ cases }: { cases: Case[] }) {
  return (
    <div className="table-scroll" role="region" aria-label="Cases" tabIndex={0}>
      <table className="cases">
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">School</th>
            <th scope="col">Grade</th>
            <th scope="col">Status</th>
            <th scope="col">Opened by</th>
            <th scope="col">Case manager</th>
            <th scope="col" className="number">Days open</th>
            <th scope="col">Tasks</th>
            <th scope="col">Next meeting</th>
            <th scope="col">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((item) => (
            <tr key={item.id}>
              <th scope="row">
                <Link to={`/cases/${item.id}`}>{item.student?.name}</Link>
              </th>
              <td>{item.student?.school_name}</td>
              <td>{gradeLabel(item.student?.grade)}</td>
              <td>
                <span className={item.is_open ? "badge badge-open" : "badge"}>
                  {item.status?.name}
                </span>
              </td>
              <td>{triggerLabel(item.opened_by?.kind)}</td>
              <td>{item.manager?.name ?? <span className="muted">Unassigned</span>}</td>
              <td className="number">{item.days_open}</td>
              <td>
                <TaskProgress tasks={item.tasks} />
              </td>
              <td>{formatDateTime(item.next_meeting_at)}</td>
              <td>{formatDate(item.last_activity_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
