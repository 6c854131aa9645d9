// Screens the navigation already names but that later work builds (see issue 5). Each says
// so plainly instead of pretending; the API behind them exists.
export interface ComingScreenInfo {
  path: string;
  title: string;
  what: string;
}

export const comingScreens: ComingScreenInfo[] = [
  { path: "/forms", title: "Forms", what: "the form list, the form builder and responses" },
  { path: "/forms/respond", title: "New form response", what: "filling in a form about a student" },
  { path: "/meetings", title: "Student Meetings", what: "the meeting list and week calendar" },
  { path: "/meetings/new", title: "New meeting", what: "scheduling a meeting with students" },
  { path: "/plans", title: "Plans", what: "MTSS plans, progress monitoring and reviews" },
  { path: "/plans/new", title: "New plan", what: "creating an MTSS plan for a student" },
  { path: "/groups", title: "Intervention Groups", what: "groups and their members" },
  { path: "/admin/case-management", title: "Case Management Dictionary", what: "triggers, statuses, reasons and focus areas" },
  { path: "/admin/users", title: "Users and roles", what: "staff accounts and their roles per school" },
  { path: "/admin/audit", title: "Audit", what: "the audit log" },
];
