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
  { path: "/plans", title: "Plans", what: "MTSS plans, progress monitoring and reviews" },
  { path: "/plans/new", title: "New plan", what: "creating an MTSS plan for a student" },
  { path: "/groups", title: "Intervention Groups", what: "groups and their members" },
  { path: "/students/:id", title: "Student profile", what: "the student's profile and timeline" },
];
