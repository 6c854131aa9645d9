// Screens the navigation already names but that later work builds (see issue 5). Each says
// so plainly instead of pretending; the API behind them exists.
export interface ComingScreenInfo {
  path: string;
  title: string;
  what: string;
}

export const comingScreens: ComingScreenInfo[] = [
  { path: "/plans", title: "Plans", what: "MTSS plans, progress monitoring and reviews" },
  { path: "/plans/new", title: "New plan", what: "creating an MTSS plan for a student" },
  { path: "/groups", title: "Intervention Groups", what: "groups and their members" },
  { path: "/students/:id", title: "Student profile", what: "the student's profile and timeline" },
];
