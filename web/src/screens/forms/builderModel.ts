// The form builder's draft: what the user is editing, and how it becomes the API's FormInput.
// Keys (the names answers are stored under) follow the label until the user sets one or the
// field was saved before: a saved key stays, so answers to older versions still line up.
import { hasOptions, openCaseTag, type FieldType, type Form, type FormInput } from "./formTypes";

export interface FieldDraft {
  uid: number;
  key: string;
  keyFixed: boolean;
  label: string;
  type: FieldType;
  required: boolean;
  help: string;
  optionsText: string;
}

export interface FormDraft {
  name: string;
  description: string;
  openCase: boolean;
  otherTags: string;
  archived: boolean;
  fields: FieldDraft[];
}

// How the builder's parts change the draft (null while an edited form loads).
export type SetDraft = (change: (draft: FormDraft | null) => FormDraft | null) => void;

let lastUid = 0;
function nextUid(): number {
  lastUid += 1;
  return lastUid;
}

export function emptyDraft(): FormDraft {
  return { name: "", description: "", openCase: false, otherTags: "", archived: false, fields: [] };
}

export function draftFromForm(form: Form): FormDraft {
  const tags = form.tags ?? [];
  return {
    name: form.name ?? "",
    description: form.description ?? "",
    openCase: tags.includes(openCaseTag),
    otherTags: tags.filter((tag) => tag !== openCaseTag).join(", "),
    archived: form.archived ?? false,
    fields: (form.fields ?? []).map((field) => ({
      uid: nextUid(),
      key: field.key,
      keyFixed: true,
      label: field.label,
      type: field.type,
      required: field.required ?? false,
      help: field.help ?? "",
      optionsText: (field.options ?? []).join("\n"),
    })),
  };
}

export function newField(): FieldDraft {
  return {
    uid: nextUid(),
    key: "",
    keyFixed: false,
    label: "",
    type: "text",
    required: false,
    help: "",
    optionsText: "",
  };
}

// "Parent contacted?" -> "parent_contacted"; unique among the other fields' keys.
export function keyFromLabel(label: string, taken: Set<string>): string {
  const words = label
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const base = (/^[a-z]/.test(words) ? words : "q_" + words).slice(0, 60).replace(/_+$/, "") || "question";
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}_${n}`;
  return key;
}

// Applies a change to one field; a label change carries the key along while it follows it.
export function changeField(fields: FieldDraft[], uid: number, change: Partial<FieldDraft>): FieldDraft[] {
  return fields.map((field) => {
    if (field.uid !== uid) return field;
    const changed = { ...field, ...change };
    if (change.key !== undefined) changed.keyFixed = true;
    if (change.label !== undefined && !changed.keyFixed) {
      const taken = new Set(fields.filter((other) => other.uid !== uid).map((other) => other.key));
      changed.key = keyFromLabel(change.label, taken);
    }
    return changed;
  });
}

export function moveField(fields: FieldDraft[], index: number, offset: -1 | 1): FieldDraft[] {
  const target = index + offset;
  if (target < 0 || target >= fields.length) return fields;
  const moved = [...fields];
  [moved[index], moved[target]] = [moved[target] as FieldDraft, moved[index] as FieldDraft];
  return moved;
}

// The options of a choice field: one a line, blank lines left out.
export function optionsOf(field: FieldDraft): string[] {
  if (!hasOptions(field.type)) return [];
  return field.optionsText
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

// Tags as sent: openCase first when ticked, then the others (commas or spaces between them).
export function tagsOf(draft: FormDraft): string[] {
  const others = draft.otherTags.split(/[\s,]+/).filter((tag) => tag && tag !== openCaseTag);
  return draft.openCase ? [openCaseTag, ...others] : others;
}

// The API names a question by its place ("fields[2].label"); the builder names it by its uid
// ("question-7.label"), so that a message stays with its question when questions move.
export function questionPath(uid: number): string {
  return `question-${uid}`;
}

export function errorsByQuestion(errors: Record<string, string>, fields: FieldDraft[]): Record<string, string> {
  const rekeyed: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const place = /^fields\[(\d+)\](.*)$/.exec(path);
    const field = place ? fields[Number(place[1])] : undefined;
    rekeyed[field && place ? questionPath(field.uid) + place[2] : path] = message;
  }
  return rekeyed;
}

export function formInput(draft: FormDraft): FormInput {
  return {
    name: draft.name,
    description: draft.description,
    tags: tagsOf(draft),
    fields: draft.fields.map((field) => ({
      key: field.key,
      label: field.label,
      type: field.type,
      required: field.required,
      help: field.help,
      options: optionsOf(field),
    })),
  };
}
