import { Link } from "react-router-dom";

// A form's main button (saying what it is doing while busy) and the link that leaves without
// saving.
export function FormActions({ label, busyLabel, busy, cancelTo }: {
  label: string;
  busyLabel: string;
  busy: boolean;
  cancelTo: string;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
      <Link to={cancelTo}>Cancel</Link>
    </div>
  );
}
