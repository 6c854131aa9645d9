// One identity provider on the Single sign-on screen: what it is set to, and the ways to
// change it, to check that Trellis can use it (its discovery document and keys, read now), to
// turn it on or off, and to try it by signing in with it.
import { useId, useState } from "react";
import { api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema.gen";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Fact } from "../../components/Fact";
import { useSubmit } from "../../components/useSubmit";
import type { IdentityProvider } from "./IdentityProviderDialog";

type CheckResult =
  paths["/api/v1/admin/identity-providers/{id}/check"]["post"]["responses"][200]["content"]["application/json"];

// Where "Sign in with it now" comes back to: this screen.
const screenPath = "/admin/identity-providers";

interface Props {
  provider: IdentityProvider;
  onChange(provider: IdentityProvider): void;
  onSaved(provider: IdentityProvider, sentence: string): void;
}

export function IdentityProviderCard({ provider, onChange, onSaved }: Props) {
  const headingId = useId();
  const [check, setCheck] = useState<CheckResult | null>(null);
  const checking = useSubmit(async () => {
    setCheck(null);
    setCheck(
      unwrap(await api.POST("/api/v1/admin/identity-providers/{id}/check", { params: { path: { id: provider.id } } })),
    );
  });
  const switching = useSubmit(async (enabled: boolean) => {
    const saved = unwrap(
      await api.PATCH("/api/v1/admin/identity-providers/{id}", {
        params: { path: { id: provider.id } },
        body: { enabled },
      }),
    );
    onSaved(saved, enabled ? `Turned ${saved.name} on: the sign-in page offers it.` : `Turned ${saved.name} off.`);
  });
  const start = `/api/v1/auth/oidc/${provider.id}/start?return_to=${encodeURIComponent(screenPath)}`;

  return (
    <section className="panel identity-provider" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {provider.name}{" "}
        <span className={provider.enabled ? "badge badge-open" : "badge"}>{provider.enabled ? "On" : "Off"}</span>
      </h2>
      <dl className="facts">
        <Fact label="Issuer">{provider.issuer}</Fact>
        <Fact label="Sign-in button">{provider.button_label}</Fact>
        <Fact label="Client ID">{provider.client_id}</Fact>
        <Fact label="Client secret">{provider.has_client_secret ? "Kept (never shown)" : "None"}</Fact>
        <Fact label="Scopes">{provider.scopes}</Fact>
        <Fact label="Allowed e-mail domains">
          {provider.allowed_domains.length ? provider.allowed_domains.join(", ") : "Any"}
        </Fact>
        {provider.hosted_domain && <Fact label="Google Workspace domain">{provider.hosted_domain}</Fact>}
        {provider.tenant_id && <Fact label="Microsoft Entra tenant ID">{provider.tenant_id}</Fact>}
      </dl>
      <div className="row-actions provider-actions">
        <button type="button" onClick={() => onChange(provider)}>
          Change<span className="visually-hidden"> {provider.name}</span>
        </button>
        <button type="button" disabled={checking.busy} onClick={() => void checking.run()}>
          {checking.busy ? "Checking…" : "Check"}
          <span className="visually-hidden"> {provider.name}</span>
        </button>
        <button type="button" disabled={switching.busy} onClick={() => void switching.run(!provider.enabled)}>
          {provider.enabled ? "Turn off" : "Turn on"}
          <span className="visually-hidden"> {provider.name}</span>
        </button>
      </div>
      <ErrorMessage error={checking.error ?? switching.error} />
      <div role="status" className="check-result">
        {check?.ok && <CheckPassed name={provider.name} check={check} />}
        {check && !check.ok && (
          <p className="error-message">
            {provider.name} cannot be used: {check.problem}
          </p>
        )}
      </div>
      {provider.enabled ? (
        <p className="try-provider">
          <a href={start}>
            Sign in with it now<span className="visually-hidden"> ({provider.name})</span>
          </a>{" "}
          <span className="hint">
            to try it. Signing in replaces your session in this browser: you come back to this screen signed in as the
            account you sign in with at the provider, if it is an active Trellis staff account.
          </span>
        </p>
      ) : (
        <p className="hint">Turn it on to try signing in with it; its button then shows on the sign-in page.</p>
      )}
    </section>
  );
}

function CheckPassed({ name, check }: { name: string; check: CheckResult }) {
  return (
    <>
      <p className="notice">Trellis can use {name}: its discovery document and signing keys were read.</p>
      <dl className="facts">
        <Fact label="Issuer">{check.issuer}</Fact>
        <Fact label="Authorization endpoint">{check.authorization_endpoint}</Fact>
        <Fact label="Token endpoint">{check.token_endpoint}</Fact>
        <Fact label="Keys (JWKS) URL">{check.jwks_uri}</Fact>
        <Fact label="Signing algorithms">{check.signing_algorithms?.join(", ")}</Fact>
        <Fact label="Signing keys">{check.keys}</Fact>
      </dl>
    </>
  );
}
