// Takes a student off a group, after asking: the server archives their group plan and the
// facilitator loses the access the group gave.
import { useState } from "react";
import { api, unwrap, type InterventionGroupMember } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useSubmit } from "../../components/useSubmit";

interface Props {
  groupId: number;
  member: InterventionGroupMember;
  onRemoved(sentence: string): void;
}

export function RemoveMember({ groupId, member, onRemoved }: Props) {
  const [asking, setAsking] = useState(false);
  const name = member.student?.name ?? "this student";
  const remove = async () => {
    const path = { id: groupId, student_id: member.student?.id ?? 0 };
    unwrap(await api.DELETE("/api/v1/intervention-groups/{id}/members/{student_id}", { params: { path } }));
    setAsking(false);
    onRemoved(`${name} left the group; their group plan is archived.`);
  };
  const { run, busy, error } = useSubmit(remove);
  return (
    <>
      <button type="button" onClick={() => setAsking(true)}>
        Remove<span className="visually-hidden"> {name}</span>
      </button>
      {asking && (
        <Dialog title={`Remove ${name} from the group?`} onCancel={() => setAsking(false)}>
          <p>Their plan from this group is archived; their case stays as it is.</p>
          <ErrorMessage error={error} />
          <div className="form-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
              {busy ? "Removing…" : "Remove from the group"}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
