// Adds an identity provider (OpenID Connect) or changes one: its names, issuer, client ID and
// secret, scopes, the e-mail domains it may sign in, the Google Workspace domain or Microsoft
// Entra tenant it must vouch for, and whether the sign-in page offers it. The client secret
// is write-only: left empty when changing, the provider keeps the one it has.
import { useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, unwrap, type Schemas } from "../../api/client";
import { CheckField } from "../../components/CheckField";
import { Dialog } from "../../components/Dialog";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { useSubmit } from "../../components/useSubmit";

export type IdentityProvider = Schemas["IdentityProvider"];
type IdentityProviderInput = Schemas["IdentityProviderInput"];

export const defaultScopes = "openid email profile";

// "district.org, Schools.District.org" -> ["district.org", "schools.district.org"]
function domainsOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((domain) => domain.toLowerCase())
    .filter(Boolean);
}

interface Props {
  provider: IdentityProvider | null; // null adds a new one
  onSaved(provider: IdentityProvider, sentence: string): void;
  onCancel(): void;
}

export function IdentityProviderDialog({ provider, onSaved, onCancel }: Props) {
  const [name, setName] = useState(provider?.name ?? "");
  const [buttonLabel, setButtonLabel] = useState(provider?.button_label ?? "");
  const [issuer, setIssuer] = useState(provider?.issuer ?? "");
  const [clientId, setClientId] = useState(provider?.client_id ?? "");
  const [clientSecret, setClientSecret] = useState("");
  const [scopes, setScopes] = useState(provider?.scopes ?? defaultScopes);
  const [domains, setDomains] = useState(provider?.allowed_domains.join(", ") ?? "");
  const [hostedDomain, setHostedDomain] = useState(provider?.hosted_domain ?? "");
  const [tenantId, setTenantId] = useState(provider?.tenant_id ?? "");
  const [enabled, setEnabled] = useState(provider?.enabled ?? false);
  const { run, busy, error } = useSubmit(async (body: IdentityProviderInput) => {
    const saved = provider
      ? unwrap(
          await api.PATCH("/api/v1/admin/identity-providers/{id}", { params: { path: { id: provider.id } }, body }),
        )
      : unwrap(await api.POST("/api/v1/admin/identity-providers", { body }));
    onSaved(saved, provider ? `Saved ${saved.name}.` : `Added ${saved.name}.`);
  });
  const fields = fieldErrors(error);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // A new provider leaves empty fields out, so the API says which are required; a change
    // sends them, so emptying one is refused rather than ignored. An empty optional claim is
    // none (null clears it).
    const text = (value: string) => (provider ? value.trim() : value.trim() || undefined);
    const optional = (value: string) => value.trim() || (provider ? null : undefined);
    void run({
      name: text(name),
      button_label: text(buttonLabel),
      issuer: text(issuer),
      client_id: text(clientId),
      client_secret: clientSecret.trim() || undefined,
      scopes: text(scopes),
      allowed_domains: domainsOf(domains),
      hosted_domain: optional(hostedDomain.toLowerCase()),
      tenant_id: optional(tenantId),
      enabled,
    });
  };

  return (
    <Dialog title={provider ? `Change ${provider.name}` : "Add an identity provider"} onCancel={onCancel}>
      <form onSubmit={onSubmit} noValidate className="provider-form">
        <ErrorMessage error={error} />
        <Field label="Name" hint="For this screen and the audit log, such as Google Workspace." error={fields.name}>
          <input
            type="text"
            maxLength={100}
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field
          label="Sign-in button"
          hint="What the sign-in page's button says, such as Sign in with Google."
          error={fields.button_label}
        >
          <input
            type="text"
            maxLength={60}
            autoComplete="off"
            value={buttonLabel}
            onChange={(e) => setButtonLabel(e.target.value)}
          />
        </Field>
        <Field
          label="Issuer"
          hint="The provider's issuer URL, such as https://accounts.google.com."
          error={fields.issuer}
        >
          <input type="url" autoComplete="off" value={issuer} onChange={(e) => setIssuer(e.target.value)} />
        </Field>
        <Field label="Client ID" error={fields.client_id}>
          <input type="text" autoComplete="off" value={clientId} onChange={(e) => setClientId(e.target.value)} />
        </Field>
        <Field
          label="Client secret"
          hint={
            provider?.has_client_secret
              ? "Leave empty to keep the current secret. Trellis never shows it."
              : "Trellis keeps it and never shows it."
          }
          error={fields.client_secret}
        >
          <input
            type="password"
            autoComplete="new-password"
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
          />
        </Field>
        <Field label="Scopes" hint="Separated by spaces; openid is needed." error={fields.scopes}>
          <input type="text" autoComplete="off" value={scopes} onChange={(e) => setScopes(e.target.value)} />
        </Field>
        <Field
          label="Allowed e-mail domains"
          hint="Separated by commas or spaces, such as district.org. Empty: any domain."
          error={fields.allowed_domains}
        >
          <input type="text" autoComplete="off" value={domains} onChange={(e) => setDomains(e.target.value)} />
        </Field>
        <Field
          label="Google Workspace domain (optional)"
          hint="Only accounts of this Workspace domain (the hd claim)."
          error={fields.hosted_domain}
        >
          <input
            type="text"
            autoComplete="off"
            value={hostedDomain}
            onChange={(e) => setHostedDomain(e.target.value)}
          />
        </Field>
        <Field
          label="Microsoft Entra tenant ID (optional)"
          hint="Only accounts of this directory (the tid claim)."
          error={fields.tenant_id}
        >
          <input type="text" autoComplete="off" value={tenantId} onChange={(e) => setTenantId(e.target.value)} />
        </Field>
        <CheckField
          label="On: the sign-in page offers it"
          checked={enabled}
          onChange={setEnabled}
          hint="Check it first; turn it on once it works."
          error={fields.enabled}
        />
        <FormActions
          label={provider ? "Save changes" : "Add provider"}
          busyLabel="Saving…"
          busy={busy}
          onCancel={onCancel}
        />
      </form>
    </Dialog>
  );
}
