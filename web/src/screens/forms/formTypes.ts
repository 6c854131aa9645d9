// The forms API's shapes under short names, and the words the screens use for them.
import type { Schemas } from "../../api/client";

export type FormSummary = Schemas["FormSummary"];
export type Form = Schemas["Form"];
export type FormField = Schemas["FormField"];
export type FieldType = FormField["type"];
export type FormInput = Schemas["FormInput"];
export type FormResponse = Schemas["FormResponse"];
export type FormResponseSummary = Schemas["FormResponseSummary"];
export type AnsweredField = NonNullable<FormResponse["fields"]>[number];

// The tag that makes a form's responses a case trigger (DESIGN.md, rule 3).
export const openCaseTag = "openCase";

export const fieldTypeLabels: Record<FieldType, string> = {
  text: "Short text",
  long_text: "Long text",
  number: "Number",
  date: "Date",
  single_choice: "One choice",
  multiple_choice: "Several choices",
  checkbox: "Checkbox (yes or no)",
  student: "A student",
};

export const fieldTypes = Object.keys(fieldTypeLabels) as FieldType[];

export function hasOptions(type: FieldType): boolean {
  return type === "single_choice" || type === "multiple_choice";
}

export function opensCases(form: FormSummary): boolean {
  return (form.tags ?? []).includes(openCaseTag);
}
