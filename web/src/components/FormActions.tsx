// The end of a form on its own screen: the submit button (saying what it is doing while the
// request runs) and the way back without saving.
import { Link } from "react-router-dom";

interface Props {
  busy: boolean;
  label: string;
  busyLabel: string;
  cancelTo: string;
}

export function FormActions({ busy, label, busyLabel, cancelTo }: Props) {
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
      <Link to={cancelTo}>Cancel</Link>
    </div>
  );
}
