// Uploads that report how far they have got. fetch() cannot tell upload progress, so this one
// request type goes through XMLHttpRequest, with the same session cookie, CSRF header and
// error shape (ApiError, so field messages land next to their fields) as the typed client.
import { ApiError, currentCsrfToken, isErrorBody } from "./client";

export interface UploadProgress {
  loaded: number;
  total: number;
}

export function uploadWithProgress<T>(
  url: string,
  body: FormData | Blob,
  onProgress: (progress: UploadProgress) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.withCredentials = true;
    const token = currentCsrfToken();
    if (token) request.setRequestHeader("X-CSRF-Token", token);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    };
    request.onload = () => {
      const answer = parseJson(request.responseText);
      if (request.status >= 200 && request.status < 300) resolve(answer as T);
      else reject(new ApiError(request.status, isErrorBody(answer) ? answer : undefined));
    };
    request.onerror = () => reject(new Error("The upload did not reach the server. Check the connection and try again."));
    request.send(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
