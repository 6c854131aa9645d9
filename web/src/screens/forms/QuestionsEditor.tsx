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
    focusElement(focusTarget);
    // Again once the browser has laid the change out: the button just pressed may have become
    // disabled, and the browser's own focus fix-up must not leave the focus on nothing.
    requestAnimationFrame(() => focusElement(focusTarget));
    setFocusTarget(null);
  }, [focusTarget]);

  const onMove = (index: number, offset: -1 | 1) => {
    const field = fields[index];
    if (!field) return;
    setFields(moveField(fields, index, offset));
    setNotice(`“${field.label || "Question"}” is now question ${index + offset + 1} of ${fields.length}.`);
    // At an end the button pressed is disabled: focus goes to the question's other one.
    const atEnd = index + offset === 0 || index + offset === fields.length - 1;
    setFocusTarget(moveButtonId(field.uid, atEnd ? (-offset as -1 | 1) : offset));
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
// question's button, a new question's first box, or the add button after a removal.
function focusElement(id: string): void {
  const element = document.getElementById(id);
  if (element instanceof HTMLFieldSetElement) element.querySelector("input")?.focus();
  else element?.focus();
}
