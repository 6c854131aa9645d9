// The kinds of event on a student's timeline (the server's case engine names them: the six
// triggers and the kinds that never open a case), in words, for the timeline's filter.
import { triggerLabels } from "../dashboard/labels";

const otherKinds: Record<string, string> = {
  task_note_added: "Task note added",
  task_completed: "Task completed",
  task_reopened: "Task reopened",
  meeting_rescheduled: "Meeting rescheduled",
  meeting_cancelled: "Meeting cancelled",
  meeting_student_removed: "Removed from a meeting",
  meeting_note_added: "Meeting note added",
  progress_recorded: "Progress recorded",
  plan_updated: "Plan updated",
  plan_archived: "Plan archived",
  plan_restored: "Plan restored",
  case_opened: "Case opened",
  case_status_changed: "Case status changed",
  case_manager_changed: "Case manager changed",
  case_focus_area_changed: "Case focus area changed",
  case_closed: "Case closed",
  case_reopened: "Case reopened",
};

const { manual: _manual, ...triggerKinds } = triggerLabels;

export const eventKinds: { kind: string; label: string }[] = Object.entries({ ...triggerKinds, ...otherKinds })
  .map(([kind, label]) => ({ kind, label }))
  .sort((a, b) => a.label.localeCompare(b.label));
