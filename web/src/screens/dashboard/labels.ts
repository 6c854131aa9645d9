// Words for the values the API uses, shared by the dashboard's filters, table and charts.
export const triggerLabels: Record<string, string> = {
  form_submitted: "Form submitted",
  plan_created: "Plan created",
  task_assigned: "Task assigned",
  meeting_student_added: "Added to a meeting",
  plan_reviewed: "Plan reviewed",
  file_attached: "File attached",
  manual: "Opened by hand",
};

export function triggerLabel(kind: string | undefined): string {
  return kind ? (triggerLabels[kind] ?? kind) : "";
}

export const grades = ["KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];

export function gradeLabel(grade: string | undefined): string {
  if (!grade) return "";
  return grade === "KG" ? "K" : String(Number(grade));
}

// Colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart without hue too by
// the legend order and the table below the chart.
export const triggerColours: Record<string, string> = {
  form_submitted: "#1f5fa8",
  plan_created: "#b3541e",
  task_assigned: "#2e7d32",
  meeting_student_added: "#6a3d9a",
  plan_reviewed: "#a8326e",
  file_attached: "#5c5c5c",
  manual: "#806600",
};
