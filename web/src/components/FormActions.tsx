// The end of a form: the submit button (saying what it is doing while the request runs) and
// the way out without saving: a link back (a form on its own screen) or a Cancel button (a
// form in a dialog or a panel).
import { Link } from "react-router-dom";

interface Props {
  busy: boolean;
  label: string;
  busyLabel: string;
  cancelTo?: string;
  onCancel?(): void;
}

export function FormActions({ busy, label, busyLabel, cancelTo, onCancel }: Props) {
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
      {cancelTo && <Link to={cancelTo}>Cancel</Link>}
      {onCancel && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
