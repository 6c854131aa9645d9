// axe-core on every screen of the UI (WCAG 2.1 AA), each opened with real records of the demo
// district, as the user who works there; the journeys check the same while they act. A screen
// is checked once what it loads has arrived (nothing left saying "Loading").
import type { APIRequestContext } from "@playwright/test";
import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";
import type { UserKey } from "./users";

type Page<T> = { items: T[] };
type WithId = { id: number };

async function firstId(request: APIRequestContext, user: UserKey, path: string): Promise<number> {
  const page = await apiGet<Page<WithId>>(request, user, path);
  const first = page.items[0];
  if (!first) throw new Error("the demo district has nothing at " + path);
  return first.id;
}

// Each screen: who opens it, and its address (some need a record's id, found through the API).
const screens: { name: string; user: UserKey; path: (request: APIRequestContext) => Promise<string> | string }[] = [
  { name: "dashboard", user: "districtAdmin", path: () => "/cases" },
  {
    name: "case",
    user: "districtAdmin",
    path: async (r) => `/cases/${await firstId(r, "districtAdmin", "/api/v1/cases?limit=1")}`,
  },
  {
    name: "student profile",
    user: "districtAdmin",
    path: async (r) => `/students/${await firstId(r, "districtAdmin", "/api/v1/students?limit=1")}`,
  },
  { name: "forms", user: "districtAdmin", path: () => "/forms" },
  { name: "new form", user: "districtAdmin", path: () => "/forms/new" },
  {
    name: "form builder",
    user: "districtAdmin",
    path: async (r) => `/forms/${await firstId(r, "districtAdmin", "/api/v1/forms?limit=1")}/edit`,
  },
  { name: "choose a form", user: "highTeacher", path: () => "/forms/respond" },
  {
    name: "fill in a form",
    user: "highTeacher",
    path: async (r) => {
      const form = await firstId(r, "highTeacher", "/api/v1/forms?limit=1");
      const student = await firstId(r, "highTeacher", "/api/v1/students?limit=1");
      return `/forms/${form}/respond?student=${student}`;
    },
  },
  {
    name: "form responses",
    user: "districtAdmin",
    path: async (r) => `/forms/${await firstId(r, "districtAdmin", "/api/v1/forms?limit=1")}/responses`,
  },
  {
    name: "form response",
    user: "districtAdmin",
    path: async (r) => {
      const form = await firstId(r, "districtAdmin", "/api/v1/forms?limit=1");
      return `/responses/${await firstId(r, "districtAdmin", `/api/v1/forms/${form}/responses?limit=1`)}`;
    },
  },
  { name: "plans", user: "highInterventionist", path: () => "/plans" },
  { name: "new plan", user: "highInterventionist", path: () => "/plans/new" },
  {
    name: "plan",
    user: "districtAdmin",
    path: async (r) => `/plans/${await firstId(r, "districtAdmin", "/api/v1/plans?limit=1")}`,
  },
  {
    name: "edit plan",
    user: "districtAdmin",
    path: async (r) => `/plans/${await firstId(r, "districtAdmin", "/api/v1/plans?status=active&limit=1")}/edit`,
  },
  { name: "intervention groups", user: "districtAdmin", path: () => "/groups" },
  { name: "new group", user: "districtAdmin", path: () => "/groups/new" },
  {
    name: "group",
    user: "districtAdmin",
    path: async (r) => `/groups/${await firstId(r, "districtAdmin", "/api/v1/intervention-groups?limit=1")}`,
  },
  {
    name: "edit group",
    user: "districtAdmin",
    path: async (r) => `/groups/${await firstId(r, "districtAdmin", "/api/v1/intervention-groups?limit=1")}/edit`,
  },
  { name: "meetings list", user: "middleCounselor", path: () => "/meetings" },
  { name: "meetings week", user: "middleCounselor", path: () => "/meetings?view=week" },
  { name: "new meeting", user: "middleCounselor", path: () => "/meetings/new" },
  {
    name: "meeting",
    user: "districtAdmin",
    path: async (r) => `/meetings/${await firstId(r, "districtAdmin", "/api/v1/meetings?limit=1")}`,
  },
  { name: "my tasks", user: "highTeacher", path: () => "/tasks" },
  { name: "new task", user: "districtAdmin", path: () => "/tasks/new" },
  {
    name: "task",
    user: "districtAdmin",
    path: async (r) => `/tasks/${await firstId(r, "districtAdmin", "/api/v1/tasks?limit=1")}`,
  },
  { name: "notifications", user: "highTeacher", path: () => "/notifications" },
  { name: "how you hear of things", user: "highTeacher", path: () => "/notifications/settings" },
  { name: "case management dictionary", user: "districtAdmin", path: () => "/admin/case-management" },
  { name: "users and roles", user: "districtAdmin", path: () => "/admin/users" },
  { name: "audit", user: "districtAdmin", path: () => "/admin/audit" },
  { name: "roster import", user: "districtAdmin", path: () => "/admin/imports" },
  { name: "single sign-on", user: "districtAdmin", path: () => "/admin/identity-providers" },
  { name: "notification defaults", user: "districtAdmin", path: () => "/admin/notifications" },
  { name: "page not found", user: "highTeacher", path: () => "/no-such-page" },
];

for (const screen of screens) {
  test(`axe finds no WCAG 2.1 AA violation on the ${screen.name} screen`, async ({ page, request }) => {
    await openAs(page, screen.user, await screen.path(request));
    await expect(page.locator("main h1")).toBeVisible();
    await expect(page.locator("main").getByText(/^Loading/)).toHaveCount(0);
    await expectNoAxeViolations(page);
  });
}
