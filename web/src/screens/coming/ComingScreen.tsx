import { Link } from "react-router-dom";
import { usePageTitle } from "../../components/usePageTitle";

export function ComingScreen({ title, what }: { title: string; what: string }) {
  usePageTitle(title);
  return (
    <section className="panel">
      <h1>{title}</h1>
      {what ? (
        <p>
          This screen is coming: {what}. The API for it is already there; until this screen is
          built, use the <Link to="/cases">Case Management Dashboard</Link>.
        </p>
      ) : (
        <p>
          There is nothing at this address. Go to the <Link to="/cases">Case Management Dashboard</Link>.
        </p>
      )}
    </section>
  );
}
