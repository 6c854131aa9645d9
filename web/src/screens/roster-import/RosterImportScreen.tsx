// Roster import (district administrators): upload a OneRoster export (zip) with a progress bar,
// choose strict (nothing imported if any row is wrong) or lenient (the good rows, the others
// reported), then follow the run on its own page while the server imports it.
import { useState } from "react";
import type { FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { fieldErrors, invalidField } from "../../api/client";
import { uploadWithProgress, type UploadProgress } from "../../api/upload";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { UploadProgressBar } from "../../components/UploadProgressBar";
import { usePageTitle } from "../../components/usePageTitle";
import { useSubmit } from "../../components/useSubmit";

type Mode = "strict" | "lenient";

export function RosterImportScreen() {
  usePageTitle("Roster import");
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [mode, setMode] = useState<Mode>("strict");
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const { run, busy, error, setError } = useSubmit(async (zip: File) => {
    const started = await uploadWithProgress<{ id: number }>(
      `/api/v1/admin/imports/oneroster?mode=${mode}`,
      zip,
      setProgress,
    );
    navigate(`/admin/imports/${started.id}`);
  });
  const fields = fieldErrors(error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setError(invalidField("file", "Choose the OneRoster export (a .zip file)."));
      return;
    }
    setProgress(null);
    void run(file);
  };

  return (
    <section className="panel form-screen">
      <h1>Roster import</h1>
      <p>
        Upload the OneRoster export (CSV files in a zip) from your student information system. Schools, classes, staff,
        students and enrollments are added or updated; importing the same export again changes nothing.
      </p>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={fields.file ? null : error} />
        <Field label="OneRoster export (.zip)" error={fields.file}>
          <input
            type="file"
            accept=".zip,application/zip"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
        </Field>
        <fieldset className="choices">
          <legend>When some rows are wrong</legend>
          <label>
            <input type="radio" name="mode" checked={mode === "strict"} onChange={() => setMode("strict")} /> Import
            nothing and list the problems (strict)
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === "lenient"} onChange={() => setMode("lenient")} /> Import
            the good rows and list the others (lenient)
          </label>
        </fieldset>
        {busy && progress && file && <UploadProgressBar name={file.name} progress={progress} />}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? "Uploading…" : "Upload and import"}
          </button>
        </div>
      </form>
    </section>
  );
}
