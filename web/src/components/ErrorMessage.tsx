import { ApiError } from "../api/client";

// The sentence for a failure that belongs to no one field.
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const text = error instanceof ApiError || error instanceof Error ? error.message : "Something went wrong.";
  return (
    <p className="error-message" role="alert">
      {text}
    </p>
  );
}
