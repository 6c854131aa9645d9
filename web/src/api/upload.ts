// Uploading a file to a student's profile. fetch() cannot report upload progress, so this one
// request goes through XMLHttpRequest, with the client's CSRF header and error shape.
import { ApiError, csrfHeaders, failureOf, type StudentFile } from "./client";

export interface UploadProgress {
  sent: number;
  total: number;
}

function parsedBody(request: XMLHttpRequest): unknown {
  try {
    return JSON.parse(request.responseText);
  } catch {
    return undefined;
  }
}

// POST /api/v1/students/{id}/files with the file in the multipart field `file`.
export function uploadStudentFile(
  studentId: number,
  file: File,
  onProgress: (progress: UploadProgress) => void,
): Promise<StudentFile> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", `/api/v1/students/${studentId}/files`);
    request.withCredentials = true;
    for (const [name, value] of Object.entries(csrfHeaders())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    request.onload = () => {
      const body = parsedBody(request);
      if (request.status === 201) resolve(body as StudentFile);
      else reject(failureOf(request.status, body));
    };
    // The server may refuse an oversized body before reading it all and close the
    // connection, which the browser reports as a network error without the answer.
    request.onerror = () =>
      reject(
        new ApiError(0, {
          error: {
            code: "upload_failed",
            message: "The upload did not reach the server or was cut off (is the file too large?).",
            fields: { file: "The upload failed; try again, or try a smaller file." },
          },
        }),
      );
    const form = new FormData();
    form.append("file", file, file.name);
    request.send(form);
  });
}
