// A table of tasks: what, for which student, due when, status, and who does it. "My tasks"
// leaves out the assignee (the user) and adds a button to complete each open one; the student
// profile leaves out the student.
import type { ReactNode } from "react";
import { Link } from "react-router-dom";
import type { Task } from "../../api/client";
import { TableRegion } from "../../components/TableRegion";
import { formatDateTime } from "../../time";
import { TaskDue } from "./TaskDue";
import { taskStatusLabel } from "./taskStatus";

interface Props {
  tasks: Task[];
  label: string;
  showStudent?: boolean;
  showAssignee?: boolean;
  action?: (task: Task) => ReactNode;
}

export function TaskTable({ tasks, label, showStudent = true, showAssignee = true, action }: Props) {
  return (
    <TableRegion label={label} className="tasks">
      <thead>
        <tr>
          <th scope="col">Task</th>
          {showStudent && <th scope="col">Student</th>}
          <th scope="col">Due</th>
          <th scope="col">Status</th>
          {showAssignee && <th scope="col">Assigned to</th>}
          {action && <th scope="col">Action</th>}
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <tr key={task.id}>
            <th scope="row">
              <Link to={`/tasks/${task.id}`}>{task.title}</Link>
            </th>
            {showStudent && (
              <td>
                <Link to={`/students/${task.student?.id}`}>{task.student?.name}</Link>
              </td>
            )}
            <td>
              <TaskDue task={task} />
            </td>
            <td>
              <TaskStatusText task={task} />
            </td>
            {showAssignee && <td>{task.assignee?.name}</td>}
            {action && <td>{action(task)}</td>}
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}

function TaskStatusText({ task }: { task: Task }) {
  if (task.status !== "completed") return <span className="badge badge-open">{taskStatusLabel(task.status)}</span>;
  return (
    <span>
      <span className="badge">{taskStatusLabel(task.status)}</span>{" "}
      <span className="muted">{formatDateTime(task.completed_at)}</span>
    </span>
  );
}
