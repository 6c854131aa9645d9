// The builder's questions: added, moved up and down, edited and removed, with a sentence
// saying what changed and focus kept where keyboard users expect it.
import { useEffect, useState } from "react";
import { changeField, moveField, newField, questionPath, type FormDraft, type SetDraft } from "./builderModel";
import { FieldEditor, moveButtonId } from "./FieldEditor";
import { QuestionList } from "./QuestionList";

export function QuestionsEditor({
  draft,
  setDraft,
  errors,
}: {
  draft: FormDraft;
  setDraft: SetDraft;
  errors: Record<string, string>;
}) {
  const [notice, setNotice] = useState<string | null>(null);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const fields = draft.fields;
  const setFields = (next: FormDraft["fields"]) => setDraft((current) => current && { ...current, fields: next });

  useEffect(() => {
    if (!focusTarget) return;
    // After the browser has laid out the change: a button that just became disabled loses
    // focus in that step, which must not undo the focus moved here.
    requestAnimationFrame(() => focusAfterChange(focusTarget));
    setFocusTarget(null);
  }, [focusTarget]);

  const onMove = (index: number, offset: -1 | 1) => {
    const field = fields[index];
    if (!field) return;
    setFields(moveField(fields, index, offset));
    setNotice(`“${field.label || "Question"}” is now question ${index + offset + 1} of ${fields.length}.`);
    setFocusTarget(moveButtonId(field.uid, offset));
  };
  const onRemove = (index: number) => {
    setFields(fields.filter((_, i) => i !== index));
    setNotice(`Question ${index + 1} removed.`);
    setFocusTarget("add-question");
  };
  const onAdd = () => {
    const added = newField();
    setFields([...fields, added]);
    setNotice(`Question ${fields.length + 1} added.`);
    setFocusTarget(questionPath(added.uid));
  };

  return (
    <QuestionList count={fields.length} error={errors.fields} notice={notice} onAdd={onAdd}>
      {fields.map((field, index) => (
        <FieldEditor
          key={field.uid}
          field={field}
          index={index}
          count={fields.length}
          errors={errors}
          onChange={(change) => setFields(changeField(fields, field.uid, change))}
          onMove={(offset) => onMove(index, offset)}
          onRemove={() => onRemove(index)}
        />
      ))}
    </QuestionList>
  );
}

// Where focus goes after the list changed, so keyboard users keep their place: a moved
// question's button (its other one when it reached an end), a new question's first box, or
// the add button after a removal.
function focusAfterChange(id: string): void {
  const element = document.getElementById(id);
  if (element instanceof HTMLButtonElement && element.disabled) {
    const other = id.endsWith("-up") ? id.replace(/-up$/, "-down") : id.replace(/-down$/, "-up");
    document.getElementById(other)?.focus();
  } else if (element instanceof HTMLFieldSetElement) {
    element.querySelector("input")?.focus();
  } else {
    element?.focus();
  }
}
