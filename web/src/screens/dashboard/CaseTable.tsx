import { Link } from "react-router-dom";
import type { Case } from "../../api/client";
import { can } from "../../access";
import { formatDate, formatDateTime } from "../../time";
import { gradeLabel, triggerLabel } from "./labels";
import type { Selection } from "./useSelection";

function TaskProgress({ tasks }: { tasks: Case["tasks"] }) {
  if (!tasks || !tasks.total) return <span className="muted">None</span>;
  return (
    <span>
      {tasks.done}/{tasks.total} done
      {tasks.overdue ? <span className="badge badge-warn"> {tasks.overdue} overdue</span> : null}
    </span>
  );
}

// A box that ticks a row (or, in the header, every row on the page), named for screen readers.
function SelectBox({
  label,
  checked,
  mixed,
  onChange,
}: {
  label: string;
  checked: boolean;
  mixed?: boolean;
  onChange(): void;
}) {
  return (
    <label className="select-box">
      <input
        type="checkbox"
        checked={checked}
        onChange={onChange}
        ref={(box) => {
          if (box) box.indeterminate = Boolean(mixed);
        }}
      />
      <span className="visually-hidden">{label}</span>
    </label>
  );
}

// Every listed case has an id; the schema only leaves it optional.
export function caseId(item: Case): number {
  return item.id ?? 0;
}

// Whether the user may close this case: only those rows can be ticked.
export function closable(item: Case): boolean {
  return can(item, "case.close");
}

// The page of cases; with a selection (for those who may close cases) each case they may close
// has a box.
export function CaseTable({ cases, selection }: { cases: Case[]; selection?: Selection }) {
  return (
    <div className="table-scroll" role="region" aria-label="Cases" tabIndex={0}>
      <table className="cases">
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="select-cell">
                <SelectBox
                  label="Select all cases on this page"
                  checked={selection.allSelected}
                  mixed={selection.someSelected && !selection.allSelected}
                  onChange={selection.toggleAll}
                />
              </th>
            )}
            <th scope="col">Student</th>
            <th scope="col">School</th>
            <th scope="col">Grade</th>
            <th scope="col">Status</th>
            <th scope="col">Opened by</th>
            <th scope="col">Case manager</th>
            <th scope="col" className="number">
              Days open
            </th>
            <th scope="col">Tasks</th>
            <th scope="col">Next meeting</th>
            <th scope="col">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((item) => (
            <tr key={item.id}>
              {selection && (
                <td className="select-cell">
                  {closable(item) && (
                    <SelectBox
                      label={`Select ${item.student?.name ?? "this case"}`}
                      checked={selection.selected.has(caseId(item))}
                      onChange={() => selection.toggle(caseId(item))}
                    />
                  )}
                </td>
              )}
              <th scope="row">
                <Link to={`/cases/${item.id}`}>{item.student?.name}</Link>
              </th>
              <td>{item.student?.school_name}</td>
              <td>{gradeLabel(item.student?.grade)}</td>
              <td>
                <span className={item.is_open ? "badge badge-open" : "badge"}>{item.status?.name}</span>
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
