// A plan's goal in one line: "Words correct per minute: 40 → 70 by Mar 1, 2027".
import type { Plan } from "../../api/client";
import { formatCalendarDate } from "../../time";
import { formatScore } from "../../components/formatScore";

export function PlanGoalText({ goal }: { goal: Plan["goal"] }) {
  if (!goal || (goal.target === null && !goal.measure)) return <span className="muted">No goal set</span>;
  return (
    <span>
      {goal.measure ? `${goal.measure}: ` : ""}
      {formatScore(goal.baseline)} → {formatScore(goal.target)}
      {goal.target_date ? ` by ${formatCalendarDate(goal.target_date)}` : ""}
    </span>
  );
}
