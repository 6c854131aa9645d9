// Uploads that report how far they have got (a student's file, a roster export). fetch()
// cannot report upload progress, so these requests go through XMLHttpRequest, with the
// client's session cookie, CSRF header and error shape (ApiError, so a field's message lands
// next to its field, and a 401 signs the user out as any other call does).
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

// POSTs `file` as the multipart field `file` to `url`; resolves with the parsed answer.
export function uploadWithProgress<T>(
  url: string,
  file: File,
  onProgress: (progress: UploadProgress) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.withCredentials = true;
    for (const [name, value] of Object.entries(csrfHeaders())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => {
      onProgress({ sent: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    request.onload = () => {
      const body = parsedBody(request);
      if (request.status >= 200 && request.status < 300) resolve(body as T);
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

// A file for a student's profile (POST /api/v1/students/{id}/files).
export function uploadStudentFile(
  studentId: number,
  file: File,
  onProgress: (progress: UploadProgress) => void,
): Promise<StudentFile> {
  return uploadWithProgress<StudentFile>(`/api/v1/students/${studentId}/files`, file, onProgress);
}
