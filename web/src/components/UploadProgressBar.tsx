// How far an upload has got: a labelled <progress> with the percentage and the sizes.
import { useId } from "react";
import type { UploadProgress } from "../api/upload";
import { fileSizeLabel } from "./fileSize";

export function UploadProgressBar({ name, progress }: { name: string; progress: UploadProgress }) {
  const id = useId();
  const percent = progress.total ? Math.round((100 * progress.sent) / progress.total) : 0;
  return (
    <div className="upload-progress">
      <label htmlFor={id}>
        Uploading {name}: {percent}% ({fileSizeLabel(progress.sent)} of {fileSizeLabel(progress.total)})
      </label>
      <progress id={id} max={progress.total || 1} value={progress.sent}>
        {percent}%
      </progress>
    </div>
  );
}
