// Notification defaults: the district administrator changes how staff hear of a moved meeting
// unless they choose otherwise, sees it saved, and a teacher who has not chosen sees the new
// default on How you hear of things; then the administrator puts it back on the same screen.
// The same for the district's setting that lets e-mails name the student (first name and last
// initial): the teacher's screen says what e-mails now carry.
//
// Everyone without a choice of their own follows these defaults, so this file runs in the
// "district settings" project, after every other journey has finished (playwright.config.ts),
// and the defaults go back as they were at the end, also when a step fails (the finally and
// afterAll below).
import type { APIRequestContext } from "@playwright/test";
import { apiGet, apiPut, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

type Delivery = "immediately" | "digest" | "app" | "off";
type StudentNames = "none" | "first_name_last_initial";
type Defaults = { defaults: Record<string, Delivery>; student_names_in_email: StudentNames };
type Preference = { kind: string; label: string; delivery: Delivery; district_default: Delivery; chosen: boolean };
type Preferences = { items: Preference[] };

const defaultsPath = "/api/v1/admin/notification-defaults";
const deliveryLabels: Record<Delivery, string> = {
  immediately: "E-mail and app",
  digest: "Morning digest",
  app: "App only",
  off: "Off",
};
const kind = "meeting_rescheduled";

// The defaults as the journey found them, to put back.
let before: Defaults["defaults"] | null = null;
let namesBefore: StudentNames | null = null;

async function putBack(request: APIRequestContext): Promise<void> {
  if (before) await apiPut(request, "districtAdmin", defaultsPath, { defaults: before });
  if (namesBefore) await apiPut(request, "districtAdmin", defaultsPath, { student_names_in_email: namesBefore });
}

test.afterAll(async ({ playwright }) => {
  const request = await playwright.request.newContext({ baseURL: process.env.TRELLIS_E2E_URL });
  try {
    await putBack(request);
  } finally {
    await request.dispose();
  }
});

test("a district administrator changes a notification default and sees it saved; a teacher without a choice follows it", async ({
  page,
  request,
}) => {
  before = (await apiGet<Defaults>(request, "districtAdmin", defaultsPath)).defaults;
  const was = before[kind];
  if (!was) throw new Error(`no default for ${kind}`);
  const now: Delivery = was === "app" ? "off" : "app";
  const teacherRow = (
    await apiGet<Preferences>(request, "highTeacher", "/api/v1/notifications/preferences")
  ).items.find((item) => item.kind === kind);
  if (!teacherRow) throw new Error(`no ${kind} preference`);
  expect(teacherRow.chosen, "the teacher follows the district's default").toBe(false);
  const label = teacherRow.label;

  try {
    await openAs(page, "districtAdmin");
    await page.getByRole("button", { name: "Admin" }).click();
    await page.getByRole("link", { name: "Notification defaults" }).click();
    await expect(page).toHaveURL(/\/admin\/notifications$/);
    await expect(page.getByRole("heading", { name: "Notification defaults", level: 1 })).toBeVisible();
    await expect(page).toHaveTitle("Notification defaults · Trellis");
    await expect(page.getByText("Trellis puts no student's name in e-mails.")).toBeVisible();
    const form = page.getByRole("form", { name: "District defaults" });
    const group = form.getByRole("radiogroup", { name: label });
    const radio = (delivery: Delivery) => group.getByRole("radio", { name: deliveryLabels[delivery], exact: true });
    await expect(radio(was)).toBeChecked();
    await expectNoAxeViolations(page);

    await radio(now).check();
    await form.getByRole("button", { name: "Save defaults" }).click();
    await expect(form.getByRole("status")).toHaveText(`Saved. ${label}: ${deliveryLabels[now]}.`);
    expect((await apiGet<Defaults>(request, "districtAdmin", defaultsPath)).defaults).toEqual({
      ...before,
      [kind]: now,
    });
    await page.reload();
    await expect(radio(now)).toBeChecked();
    await expectNoAxeViolations(page);

    // A teacher who has not chosen hears of it the new way, and says so.
    await openAs(page, "highTeacher", "/notifications/settings");
    const teacherGroup = page.getByRole("radiogroup", { name: label });
    await expect(
      teacherGroup.getByRole("radio", { name: `District default (${deliveryLabels[now]})`, exact: true }),
    ).toBeChecked();
    // The defaults screen is the district administrators' only: the server says so.
    await openAs(page, "highTeacher", "/admin/notifications");
    await expect(page.getByRole("alert")).toHaveText(
      "Only district administrators set the district's notification defaults.",
    );

    // Put back on the same screen.
    await openAs(page, "districtAdmin", "/admin/notifications");
    await expect(radio(now)).toBeChecked();
    await radio(was).check();
    await form.getByRole("button", { name: "Save defaults" }).click();
    await expect(form.getByRole("status")).toHaveText(`Saved. ${label}: ${deliveryLabels[was]}.`);
    expect((await apiGet<Defaults>(request, "districtAdmin", defaultsPath)).defaults).toEqual(before);
  } finally {
    await putBack(request);
  }
});

test("a district administrator lets e-mails name the student by first name and last initial; staff are told", async ({
  page,
  request,
}) => {
  namesBefore = (await apiGet<Defaults>(request, "districtAdmin", defaultsPath)).student_names_in_email;
  expect(namesBefore, "the journey starts from the default").toBe("none");
  try {
    await openAs(page, "districtAdmin", "/admin/notifications");
    const form = page.getByRole("form", { name: "District defaults" });
    const group = form.getByRole("radiogroup", { name: "What e-mails may say of the student a notification is about" });
    await expect(group.getByRole("radio", { name: "No student's name" })).toBeChecked();
    await group.getByRole("radio", { name: "First name and last initial (“Maria G.”)" }).check();
    await form.getByRole("button", { name: "Save defaults" }).click();
    await expect(form.getByRole("status")).toHaveText(
      "Saved. Students in e-mails: First name and last initial (“Maria G.”).",
    );
    await expect(page.getByText("E-mails name a student by first name and last initial at most")).toBeVisible();
    expect((await apiGet<Defaults>(request, "districtAdmin", defaultsPath)).student_names_in_email).toBe(
      "first_name_last_initial",
    );
    await expectNoAxeViolations(page);

    await openAs(page, "highTeacher", "/notifications/settings");
    await expect(page.getByText("E-mails name a student by first name and last initial at most")).toBeVisible();

    await openAs(page, "districtAdmin", "/admin/notifications");
    await group.getByRole("radio", { name: "No student's name" }).check();
    await form.getByRole("button", { name: "Save defaults" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved. Students in e-mails: No student's name.");
    await expect(page.getByText("Trellis puts no student's name in e-mails.")).toBeVisible();
  } finally {
    await putBack(request);
  }
});
