import { apiGet, expect, expectNoAxeViolations, openAs, test } from "./fixtures";

type Students = { items: { id: number; name: string; local_id: string }[] };
type Cases = { items: { student: { id: number }; opened_by: { kind: string } }[] };
type Forms = { items: { id: number; name: string; tags: string[] }[] };

test("a teacher submits a referral and the case appears on the dashboard", async ({ page, request }) => {
  // The demo's Referral form opens cases (tagged openCase; the demo counts form_submitted).
  const forms = await apiGet<Forms>(request, "highTeacher", "/api/v1/forms");
  const referral = forms.items.find((form) => form.name === "Referral");
  expect(referral?.tags).toContain("openCase");

  // One of the teacher's students with no open case; from the end of the list, which other
  // journeys (that take the first students) leave alone.
  const students = await apiGet<Students>(request, "highTeacher", "/api/v1/students?limit=500");
  const open = await apiGet<Cases>(request, "highTeacher", "/api/v1/cases?status=open&limit=500");
  const withCase = new Set(open.items.map((item) => item.student.id));
  const student = [...students.items].reverse().find((candidate) => !withCase.has(candidate.id));
  if (!student) throw new Error("every student of the teacher has an open case");

  // "+ New → Form response": choose the form and the student.
  await openAs(page, "highTeacher");
  await page.getByRole("button", { name: "New" }).click();
  await page.getByRole("link", { name: "Form response", exact: true }).click();
  await expect(page.getByRole("heading", { name: "New form response" })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByLabel("Form", { exact: true }).selectOption({ label: "Referral" });
  await page.getByLabel("Find by name or local id").fill(student.local_id);
  await page.getByRole("button", { name: new RegExp(student.name) }).click();
  await page.getByRole("button", { name: "Fill in the form" }).click();
  await expect(page).toHaveURL(new RegExp(`/forms/${referral?.id}/respond\\?student=${student.id}$`));
  await expect(page.getByRole("heading", { name: "Referral", level: 1 })).toBeVisible();
  await expect(page.getByText(student.name)).toBeVisible();
  await expectNoAxeViolations(page);

  // The browser checks the answers first: nothing is sent, and each message is next to its
  // question.
  const posts: string[] = [];
  page.on("request", (sent) => {
    if (sent.method() === "POST" && sent.url().includes("/responses")) posts.push(sent.url());
  });
  await page.getByRole("button", { name: "Submit response" }).click();
  await expect(page.getByRole("alert")).toHaveText("3 answers need attention: see the messages next to them.");
  const concern = page.getByRole("radiogroup", { name: "Concern area (required)" });
  await expect(concern).toHaveAttribute("aria-invalid", "true");
  await expect(concern).toContainText("Required.");
  const description = page.getByLabel("Description of the concern (required)");
  await expect(description).toHaveAttribute("aria-invalid", "true");
  const messageId = ((await description.getAttribute("aria-describedby")) ?? "").split(" ").pop() ?? "";
  await expect(page.locator(`[id="${messageId}"]`)).toHaveText("Required.");
  await expect(page.getByRole("radiogroup", { name: "Urgency (required)" })).toContainText("Required.");
  // Focus goes to the first question that needs attention.
  await expect(concern.getByRole("radio", { name: "Academic" })).toBeFocused();
  expect(posts).toEqual([]);
  await expectNoAxeViolations(page);

  // Answering a question clears its message at once.
  await concern.getByRole("radio", { name: "Attendance" }).check();
  await expect(concern).not.toHaveAttribute("aria-invalid", "true");
  await description.fill("Absent most Mondays since October; seems tired in class (browser test).");
  await expect(description).not.toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Parent or guardian contacted").check();
  await page.getByRole("radiogroup", { name: "Urgency (required)" }).getByRole("radio", { name: "Medium" }).check();
  await page.getByRole("button", { name: "Submit response" }).click();

  // The response page: the answers, and the case the response opened.
  await expect(page).toHaveURL(/\/responses\/\d+$/);
  await expect(page.getByRole("status")).toHaveText("Response recorded.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Referral: ${student.name}`);
  await expect(page.getByRole("region", { name: "Case" })).toContainText(
    `This response opened a case for ${student.name}.`,
  );
  const answers = page.getByRole("region", { name: "Answers" });
  await expect(answers).toContainText("Attendance");
  await expect(answers).toContainText("Absent most Mondays");
  await expectNoAxeViolations(page);
  expect(posts).toHaveLength(1);

  // The form's responses list it first (newest first).
  await page.getByRole("link", { name: "Responses: Referral" }).click();
  await expect(page.getByRole("heading", { name: "Responses: Referral" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Responses" }).locator("tbody tr").first()).toContainText(student.name);
  await expectNoAxeViolations(page);

  // The API says the case is open and that a form opened it.
  const cases = await apiGet<Cases>(request, "highTeacher", `/api/v1/cases?status=open&q=${student.local_id}`);
  expect(cases.items.map((item) => [item.student.id, item.opened_by.kind])).toEqual([[student.id, "form_submitted"]]);

  // Teachers fill in forms and read responses; they do not edit forms.
  await page.getByRole("button", { name: "Tools" }).click();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Forms" }).click();
  await expect(page.getByRole("heading", { name: "Forms", level: 1 })).toBeVisible();
  const referralRow = page.getByRole("row", { name: /Referral/ });
  await expect(referralRow.getByRole("link", { name: "Fill in Referral" })).toBeVisible();
  await expect(referralRow.getByRole("link", { name: /^Edit/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "New form" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  // The teacher's dashboard lists it, opened by "Form submitted".
  await page.getByRole("link", { name: "Cases", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Case Management Dashboard" })).toBeVisible();
  await page.getByLabel("Student", { exact: true }).fill(student.local_id);
  await expect(page).toHaveURL(/q=/);
  const row = page.getByRole("region", { name: "Cases" }).locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(student.name);
  await expect(row).toContainText("Form submitted");
  await expectNoAxeViolations(page);
});
