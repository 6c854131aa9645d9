// Uploading one file to the student's profile, with the upload's progress as a labelled
// <progress> bar. The server checks type and size; its answer (too large, a type it does not
// take, an empty file) shows next to the file input.
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { ApiError, fieldErrors, invalidField, type StudentFile } from "../../api/client";
import { uploadStudentFile, type UploadProgress } from "../../api/upload";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { UploadProgressBar } from "../../components/UploadProgressBar";
import { useSubmit } from "../../components/useSubmit";

// Failures that are about the chosen file, though the API names no field for them.
const aboutTheFile = new Set([413, 415]);

function fileError(error: unknown): string | undefined {
  if (error instanceof ApiError && aboutTheFile.has(error.status)) return error.message;
  return fieldErrors(error).file;
}

export function FileUpload({ studentId, onUploaded }: { studentId: number; onUploaded(file: StudentFile): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<File | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const { run, busy, error, setError } = useSubmit(async (file: File) => {
    setProgress({ sent: 0, total: file.size });
    try {
      const stored = await uploadStudentFile(studentId, file, setProgress);
      setChosen(null);
      if (input.current) input.current.value = "";
      onUploaded(stored);
    } finally {
      setProgress(null);
    }
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) {
      setError(invalidField("file", "Choose a file first."));
      return;
    }
    void run(chosen);
  };
  const messageForFile = fileError(error);

  return (
    <form className="file-upload" onSubmit={onSubmit} noValidate aria-label="Upload a file">
      {!messageForFile && <ErrorMessage error={error} />}
      <Field
        label="File to upload"
        hint="PDF, image, Word, Excel, OpenDocument or text; the server checks the type and the size."
        error={messageForFile}
      >
        <input
          ref={input}
          type="file"
          disabled={busy}
          onChange={(event) => {
            setChosen(event.target.files?.[0] ?? null);
            setError(null);
          }}
        />
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? "Uploading…" : "Upload"}
      </button>
      {progress && chosen && <UploadProgressBar name={chosen.name} progress={progress} />}
    </form>
  );
}
