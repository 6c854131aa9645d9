// A task's due day, marked when it is overdue (the server judges overdue; the mark is words,
// not colour alone).
import type { Task } from "../../api/client";
import { formatCalendarDate } from "../../time";

export function TaskDue({ task }: { task: Task }) {
  if (!task.due_date) return <span className="muted">No due date</span>;
  return (
    <span>
      <time dateTime={task.due_date}>{formatCalendarDate(task.due_date)}</time>
      {task.overdue && <span className="badge badge-warn">Overdue</span>}
    </span>
  );
}
