// Users and roles, and the audit log: the district administrator finds staff with their roles
// per school, adds an account (its own, unique), gives it a second role, and then reads those
// very writes in the audit log.
import { apiGet, expect, expectNoAxeViolations, openAs, signIn, test } from "./fixtures";

type Grant = { role: string; school_id: number | null };
type User = { id: number; name: string; email: string; roles: Grant[] };
type Schools = { items: { id: number; name: string }[] };

test("the users screen lists staff and their roles; an administrator adds one and changes their roles", async ({
  page,
  request,
}) => {
  const stamp = Date.now().toString(36);
  const email = `pat.${stamp}@example.test`;
  const family = `Okafor-${stamp}`;
  const schools = (await apiGet<Schools>(request, "districtAdmin", "/api/v1/schools")).items;
  const [first, second] = schools;
  if (!first || !second) throw new Error("the demo district has fewer than two schools");
  const counselors = await apiGet<{ items: User[] }>(request, "districtAdmin", "/api/v1/users?q=counselor.crm");
  const counselor = counselors.items[0];
  if (!counselor) throw new Error("no demo counselor");

  await openAs(page, "districtAdmin", "/admin/users");
  await expect(page.getByRole("heading", { name: "Users and roles", level: 1 })).toBeVisible();
  const staff = page.getByRole("region", { name: "Staff" });
  await expect(staff.locator("tbody tr").first()).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Pages of staff" })).toContainText("Page 1");
  await expectNoAxeViolations(page);

  // A search finds the counselor with the role and school the API reports.
  await page.getByLabel("Name or e-mail").fill("counselor.crm");
  await page.getByRole("button", { name: "Search" }).click();
  const counselorRow = staff.getByRole("row", { name: new RegExp(counselor.name) });
  const counselorSchool = schools.find((school) => school.id === counselor.roles[0]?.school_id)?.name ?? "";
  await expect(counselorRow).toContainText(`Counselor or interventionist at ${counselorSchool}`);
  await expect(staff.locator("tbody tr")).toHaveCount(1);

  // Adding without the required fields: the API's messages show next to each field.
  await page.getByRole("button", { name: "Add a user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a user" });
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(dialog.getByLabel("E-mail")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Given name")).toHaveAccessibleDescription("Required.");
  await expect(dialog.getByText("Give the account a role.")).toBeVisible();
  await expectNoAxeViolations(page);

  await dialog.getByLabel("Given name").fill("Pat");
  await dialog.getByLabel("Family name").fill(family);
  await dialog.getByLabel("E-mail").fill(email);
  await dialog.getByLabel("Password", { exact: true }).fill("a-long-enough-password");
  await dialog.getByRole("button", { name: "Add a role" }).click();
  await dialog.getByLabel("Role 1", { exact: true }).selectOption({ label: "Teacher" });
  await dialog.getByLabel("School of role 1").selectOption({ label: first.name });
  await dialog.getByRole("button", { name: "Add user" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText(`Added Pat ${family}.`);

  await page.getByLabel("Name or e-mail").fill(family);
  await page.getByRole("button", { name: "Search" }).click();
  const row = staff.getByRole("row", { name: new RegExp(family) });
  await expect(row).toContainText(`Teacher at ${first.name}`);
  await expect(row).toContainText(email);

  // A second role at another school.
  await row.getByRole("button", { name: `Change Pat ${family}` }).click();
  const change = page.getByRole("dialog", { name: `Change Pat ${family}` });
  await change.getByRole("button", { name: "Add a role" }).click();
  await change.getByLabel("Role 2", { exact: true }).selectOption({ label: "Counselor or interventionist" });
  await change.getByLabel("School of role 2").selectOption({ label: second.name });
  await expectNoAxeViolations(page);
  await change.getByRole("button", { name: "Save changes" }).click();
  await expect(change).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText(`Saved Pat ${family}.`);
  await expect(row).toContainText(`Counselor or interventionist at ${second.name}`);

  const found = await apiGet<{ items: User[] }>(
    request,
    "districtAdmin",
    `/api/v1/users?q=${encodeURIComponent(family.toLowerCase())}`,
  );
  const user = found.items[0];
  expect(user?.email).toBe(email);
  expect(user?.roles).toEqual(
    expect.arrayContaining([
      { role: "teacher", school_id: first.id },
      { role: "interventionist", school_id: second.id },
    ]),
  );

  // The audit log shows both writes, newest first, with before and after.
  await page.getByRole("button", { name: "Admin" }).click();
  await page.getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit", level: 1 })).toBeVisible();
  await page.getByLabel("Record").fill("user");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/entity=user/);
  const entries = page.getByRole("region", { name: "Audit entries" });
  const update = entries
    .getByRole("row")
    .filter({ hasText: `user ${user?.id}` })
    .filter({ hasText: "user.update" });
  const create = entries
    .getByRole("row")
    .filter({ hasText: `user ${user?.id}` })
    .filter({ hasText: "user.create" });
  await expect(update).toHaveCount(1);
  await expect(create).toHaveCount(1);
  const adminName = (await apiGet<{ user: { name: string } }>(request, "districtAdmin", "/api/v1/auth/me")).user.name;
  await expect(update).toContainText(adminName);
  await update.getByText("Before and after").click();
  await expect(update.locator("pre").last()).toContainText('"interventionist"');
  await expect(update.locator("pre").first()).not.toContainText('"interventionist"');
  await expectNoAxeViolations(page);
});

test("a school administrator reads the dictionary and gives roles only at their own school", async ({
  page,
  request,
}) => {
  const schools = (await apiGet<Schools>(request, "districtAdmin", "/api/v1/schools")).items;
  const principals = await apiGet<{ items: User[] }>(request, "districtAdmin", "/api/v1/users?q=principal.mge");
  const ownSchoolId = principals.items[0]?.roles[0]?.school_id;
  const ownSchool = schools.find((school) => school.id === ownSchoolId)?.name;
  if (!ownSchool) throw new Error("no demo principal of Maple Grove");

  await signIn(page, "principal.mge@demo.trellis.test");
  await expect(page.getByRole("heading", { name: "Case Management Dashboard" })).toBeVisible();
  await page.goto("/admin/case-management");
  await expect(page.getByText("Only district administrators change the dictionary; you may read it.")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Form submitted" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Save switch and triggers" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Retire/ })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Focus areas" }).locator("tbody tr").first()).toBeVisible();
  await expectNoAxeViolations(page);

  await page.goto("/admin/users");
  await page.getByRole("button", { name: "Add a user" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a user" });
  await dialog.getByRole("button", { name: "Add a role" }).click();
  const roleOptions = await dialog.getByLabel("Role 1", { exact: true }).locator("option").allTextContents();
  expect(roleOptions).not.toContain("District administrator");
  expect(await dialog.getByLabel("School of role 1").locator("option").allTextContents()).toEqual([ownSchool]);
  await expectNoAxeViolations(page);
});
