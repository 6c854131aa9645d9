// Single sign-on (district administrators): the district's identity providers (OpenID
// Connect), with the redirect URI to register at each, where each value comes from at the
// common providers, adding one and changing one in a dialog, checking one and trying it; and
// whether staff may still sign in with a password (PasswordSignIn). Signing in with a provider
// signs in the active staff account with the same e-mail address; nobody is created.
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { ScreenHeading } from "../../components/ScreenHeading";
import { StatusNotice } from "../../components/StatusNotice";
import { useLoaded } from "../../components/useLoaded";
import { usePageTitle } from "../../components/usePageTitle";
import { can } from "../../access";
import { useSession } from "../../session";
import { IdentityProviderCard } from "./IdentityProviderCard";
import { IdentityProviderDialog, type IdentityProvider } from "./IdentityProviderDialog";
import { PasswordSignIn } from "./PasswordSignIn";

export function IdentityProvidersScreen() {
  usePageTitle("Single sign-on");
  const { user: me } = useSession();
  const loaded = useLoaded(async () => unwrap(await api.GET("/api/v1/admin/identity-providers")).items, []);
  const [editing, setEditing] = useState<IdentityProvider | "new" | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const providers = loaded.data;

  const onSaved = (_: IdentityProvider, sentence: string) => {
    setEditing(null);
    setNotice(sentence);
    loaded.reload();
  };

  return (
    <div className="single-sign-on">
      <ScreenHeading title="Single sign-on">
        {can(me, "sso.manage") && (
          <button type="button" className="primary" onClick={() => setEditing("new")}>
            Add a provider
          </button>
        )}
      </ScreenHeading>
      <p>
        Staff sign in with their district accounts through an OpenID Connect provider. Trellis signs in the active staff
        account with the provider&apos;s verified e-mail address; it creates no accounts.
      </p>
      <ErrorMessage error={loaded.error} />
      <StatusNotice notice={notice} />
      {providers && <RedirectUri uri={providers[0]?.redirect_uri ?? callbackHere()} />}
      {providers === null && !loaded.error && <p className="loading">Loading the identity providers…</p>}
      {providers?.length === 0 && <p className="empty">No identity provider yet: staff sign in with passwords.</p>}
      {providers?.map((provider) => (
        <IdentityProviderCard key={provider.id} provider={provider} onChange={setEditing} onSaved={onSaved} />
      ))}
      {can(me, "sso.manage") && <PasswordSignIn />}
      <ProviderHelp />
      {editing && (
        <IdentityProviderDialog
          provider={editing === "new" ? null : editing}
          onSaved={onSaved}
          onCancel={() => setEditing(null)}
        />
      )}
    </div>
  );
}

// The redirect URI as this page's address makes it, until a provider exists whose record
// carries the server's own (the same for every provider).
function callbackHere(): string {
  return `${window.location.origin}/api/v1/auth/oidc/callback`;
}

function RedirectUri({ uri }: { uri: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(uri);
      setCopied("Copied.");
    } catch {
      setCopied("This browser did not let Trellis copy it: select the address and copy it.");
    }
  };
  return (
    <section className="panel redirect-uri" aria-labelledby="redirect-uri-heading">
      <h2 id="redirect-uri-heading">Redirect URI</h2>
      <p>
        Register this address at the provider as the redirect URI of Trellis (some call it the callback or reply URL):
      </p>
      <p className="redirect-uri-line">
        <code>{uri}</code>{" "}
        <button type="button" onClick={() => void copy()}>
          Copy<span className="visually-hidden"> the redirect URI</span>
        </button>{" "}
        <span role="status">{copied}</span>
      </p>
    </section>
  );
}

// Where each value comes from at the providers districts use most; no more than that.
function ProviderHelp() {
  return (
    <section className="panel provider-help" aria-labelledby="provider-help-heading">
      <h2 id="provider-help-heading">Where the values come from</h2>
      <dl>
        <dt>Google</dt>
        <dd>
          Issuer <code>https://accounts.google.com</code>. The client ID and secret are those of an OAuth client (a web
          application) in the Google Cloud console, where the redirect URI goes among its authorized redirect URIs. The
          Google Workspace domain is the district&apos;s Workspace domain.
        </dd>
        <dt>Microsoft Entra</dt>
        <dd>
          Issuer <code>https://login.microsoftonline.com/&lt;tenant-id&gt;/v2.0</code>, where &lt;tenant-id&gt; is the
          district&apos;s directory (tenant) ID, which also goes in Microsoft Entra tenant ID. The client ID is the app
          registration&apos;s application (client) ID and the secret one of its client secrets; the redirect URI is
          registered there as a web redirect URI.
        </dd>
        <dt>ClassLink</dt>
        <dd>
          Issuer <code>https://launchpad.classlink.com</code>. The client ID and secret come from the app&apos;s OpenID
          Connect set-up in ClassLink, where the redirect URI is registered.
        </dd>
        <dt>Clever</dt>
        <dd>
          Issuer <code>https://clever.com</code>. The client ID and secret are in the Clever app&apos;s settings, where
          the redirect URI is registered.
        </dd>
      </dl>
    </section>
  );
}
