// The page of staff accounts: name, e-mail, roles per school, whether the account may sign
// in, and the ways to change it or to read its changes in the audit log.
import { Link } from "react-router-dom";
import type { School } from "../../api/client";
import { can } from "../../access";
import { ScrollTable } from "../../components/ScrollTable";
import { describeGrant } from "./roles";
import type { User } from "./UserDialog";

interface Props {
  users: User[];
  schools: School[];
  canReadAudit: boolean;
  onChange(user: User): void;
}

function accountState(user: User): string {
  if (!user.active) return "Inactive";
  return user.can_sign_in ? "Active" : "Active, no password yet";
}

export function UserTable({ users, schools, canReadAudit, onChange }: Props) {
  return (
    <ScrollTable label="Staff" columns={["Name", "E-mail", "Roles", "Account", "Change"]}>
      {users.map((user) => (
        <tr key={user.id}>
          <th scope="row">{user.name}</th>
          <td>{user.email}</td>
          <td>
            {user.roles?.length ? (
              <ul className="plain-list">
                {user.roles.map((grant) => (
                  <li key={`${grant.role}-${grant.school_id}`}>{describeGrant(grant, schools)}</li>
                ))}
              </ul>
            ) : (
              <span className="muted">No roles</span>
            )}
          </td>
          <td>{accountState(user)}</td>
          <td className="row-actions">
            {can(user, "user.manage") && (
              <button type="button" onClick={() => onChange(user)}>
                Change<span className="visually-hidden"> {user.name}</span>
              </button>
            )}
            {canReadAudit && (
              <Link to={`/admin/audit?user_id=${user.id}`}>
                Changes made<span className="visually-hidden"> by {user.name}</span>
              </Link>
            )}
          </td>
        </tr>
      ))}
    </ScrollTable>
  );
}
