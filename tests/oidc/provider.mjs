// A real OpenID provider (panva's oidc-provider, OpenID Certified) on loopback, for Trellis's
// single sign-on tests. Tests steer it through a small JSON control API under /__control/:
// which clients and accounts exist, who signs in next, and how the next ID token is spoiled
// (to prove that Trellis refuses it). Everything is in memory and gone when it stops.
//
//   node tests/oidc/provider.mjs [--port N] [--host H] [--ignore-stdin]
//
// prints one line, `listening http://127.0.0.1:PORT` (the issuer), and runs until SIGTERM,
// SIGINT or until its standard input closes, so that a test that crashed never leaves it
// behind (--ignore-stdin turns that off, for running it in a shell's background).
import * as crypto from "node:crypto";
import { realpathSync } from "node:fs";
import * as http from "node:http";
import { fileURLToPath } from "node:url";

import * as jose from "jose";
import Provider from "oidc-provider";

const CONTROL_PREFIX = "/__control/";
const ID_TOKEN_MODES = new Set([
  "normal",
  "alg_none",
  "hs256_public_key",
  "wrong_nonce",
  "expired",
  "wrong_audience",
  "wrong_issuer",
  "unverified_email",
  "unpublished_key",
]);

const epochTime = () => Math.floor(Date.now() / 1000);

// An RSA signing key as oidc-provider's `jwks` takes it (private JWK) and as jose signs with it.
// The kid is the key's RFC 7638 thumbprint, so each generated key has its own.
async function generateSigningKey() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: "jwk" });
  const kid = await jose.calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateKey,
    publicKey,
    privateJwk: { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" },
  };
}

// The provider's stateful artifacts (sessions, interactions, codes, grants, tokens) and the
// clients the control API registers. A store of our own rather than oidc-provider's memory
// adapter: the clients must be changeable at run time (their redirect URIs hold the random
// port of the Trellis server under test), and the store must outlive one Provider instance,
// since rotating keys builds a new one (oidc-provider reads its keys only when constructed).
class TestStore {
  entries = new Map(); // "Model:id" -> { payload, expiresAt (ms) }
  clients = new Map(); // client_id -> client metadata
  grantMembers = new Map(); // grantId -> Set of "Model:id"
  sessionUids = new Map(); // session uid -> session id

  get(key) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }
}

function adapterFor(store) {
  return class TestAdapter {
    constructor(model) {
      this.model = model;
    }

    key(id) {
      return `${this.model}:${id}`;
    }

    async find(id) {
      if (this.model === "Client") {
        const metadata = store.clients.get(id);
        return metadata ? structuredClone(metadata) : undefined;
      }
      return store.get(this.key(id));
    }

    async findByUid(uid) {
      const id = store.sessionUids.get(uid);
      return id === undefined ? undefined : this.find(id);
    }

    async upsert(id, payload, expiresIn) {
      const key = this.key(id);
      const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : undefined;
      store.entries.set(key, { payload, expiresAt });
      if (this.model === "Session" && payload.uid) store.sessionUids.set(payload.uid, id);
      if (payload.grantId) {
        if (!store.grantMembers.has(payload.grantId)) store.grantMembers.set(payload.grantId, new Set());
        store.grantMembers.get(payload.grantId).add(key);
      }
    }

    async consume(id) {
      const payload = store.get(this.key(id));
      if (payload) payload.consumed = epochTime();
    }

    async destroy(id) {
      store.entries.delete(this.key(id));
    }

    // A replayed authorization code revokes everything issued from its grant (RFC 6749 4.1.2).
    async revokeByGrantId(grantId) {
      for (const key of store.grantMembers.get(grantId) ?? []) store.entries.delete(key);
      store.grantMembers.delete(grantId);
    }
  };
}

// base64url of a JSON object, for the hand-made unsigned token.
const b64json = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");

export async function startProvider({ port = 0, host = "127.0.0.1" } = {}) {
  const store = new TestStore();
  const accounts = new Map(); // sub -> claims
  const stats = { discovery: 0, jwks: 0, token: 0, token_errors: 0 };
  // One cookie-signing key for every Provider instance, so that a browser's interaction and
  // session cookies stay valid across a key rotation.
  const cookieKeys = [crypto.randomBytes(32).toString("base64url")];
  let signingKey = await generateSigningKey();
  let nextLogin; // sub, or undefined: the stock login and consent forms
  let idTokenMode = "normal";
  let issuer;
  let provider;
  let handler;

  // The claims of the next ID token, changed as the mode says, and signed again: with the
  // provider's own key unless the mode is about the signature itself.
  async function spoilIdToken(idToken, mode) {
    const header = jose.decodeProtectedHeader(idToken);
    const payload = jose.decodeJwt(idToken);
    let key = signingKey.privateKey;
    switch (mode) {
      case "alg_none":
        // The header keeps its kid: a verifier must refuse the token for its alg alone.
        return `${b64json({ ...header, alg: "none" })}.${b64json(payload)}.`;
      case "hs256_public_key": {
        // The key-confusion attack: HMAC keyed with the provider's public RSA key, here its
        // SubjectPublicKeyInfo PEM text (trailing newline included). A JWK-JSON keyed variant
        // is not made: both must fail the same way, since Trellis accepts only RS256.
        const pem = signingKey.publicKey.export({ type: "spki", format: "pem" });
        return new jose.SignJWT(payload)
          .setProtectedHeader({ ...header, alg: "HS256" })
          .sign(new TextEncoder().encode(pem));
      }
      case "wrong_nonce":
        payload.nonce = `not-the-nonce-${crypto.randomBytes(8).toString("hex")}`;
        break;
      case "expired": {
        // Moved back whole, so that it expired an hour ago and was issued its lifetime before.
        const shift = payload.exp - epochTime() + 3600;
        payload.exp -= shift;
        payload.iat -= shift;
        if (payload.auth_time !== undefined) payload.auth_time -= shift;
        break;
      }
      case "wrong_audience":
        payload.aud = "some-other-client";
        delete payload.azp;
        break;
      case "wrong_issuer":
        payload.iss = "http://127.0.0.1:9/not-this-provider";
        break;
      case "unverified_email":
        payload.email_verified = false;
        break;
      case "unpublished_key": {
        const stranger = await generateSigningKey();
        key = stranger.privateKey;
        header.kid = stranger.kid;
        break;
      }
      default:
        throw new Error(`unknown id token mode ${mode}`);
    }
    return new jose.SignJWT(payload).setProtectedHeader(header).sign(key);
  }

  // Completes an interaction as the account next-login named: signed in, and consent to every
  // scope and claim the client asked for, in one step and with no form.
  async function completeInteraction(ctx, sub) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    const { params } = details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: sub, clientId: params.client_id });
    if (params.scope) grant.addOIDCScope(params.scope);
    if (params.claims) {
      const requested = JSON.parse(params.claims);
      const names = [...Object.keys(requested.id_token ?? {}), ...Object.keys(requested.userinfo ?? {})];
      if (names.length) grant.addOIDCClaims(names);
    }
    const grantId = await grant.save();
    const returnTo = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    ctx.status = 303;
    ctx.redirect(returnTo);
  }

  function makeProvider() {
    const instance = new Provider(issuer, {
      adapter: adapterFor(store),
      clients: [],
      async findAccount(ctx, sub) {
        const claims = accounts.get(sub);
        if (!claims) return undefined;
        return { accountId: sub, claims: async () => ({ ...claims, sub }) };
      },
      // Scope to claims. hd (Google Workspace domain) and tid (Entra tenant) ride on openid:
      // they come whenever the account has them, as those providers send them.
      claims: {
        acr: null,
        auth_time: null,
        iss: null,
        sid: null,
        openid: ["sub", "hd", "tid"],
        email: ["email", "email_verified"],
        profile: ["name"],
      },
      // Otherwise a code-flow ID token would carry only sub, the rest going to userinfo, and
      // Trellis reads the user from the ID token the way Google and Entra send it.
      conformIdTokenClaims: false,
      clientDefaults: {
        grant_types: ["authorization_code"],
        id_token_signed_response_alg: "RS256",
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
      clientBasedCORS: () => false,
      cookies: { keys: cookieKeys },
      features: { devInteractions: { enabled: true } },
      jwks: { keys: [signingKey.privateJwk] },
      pkce: { required: () => true },
      responseTypes: ["code"],
      ttl: {
        AccessToken: 3600,
        AuthorizationCode: 60,
        IdToken: 3600,
        Interaction: 3600,
        Session: 86400,
        Grant: 86400,
      },
      // The stock error page loads a web font from the internet; tests have no internet.
      async renderError(ctx, out) {
        ctx.type = "html";
        const text = Object.entries(out)
          .map(([k, v]) => `${k}: ${String(v).replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`)}`)
          .join("\n");
        ctx.body = `<!DOCTYPE html><title>error</title><pre>${text}</pre>`;
      },
    });

    instance.use(async (ctx, next) => {
      if (nextLogin !== undefined && ctx.method === "GET" && /^\/interaction\/[^/]+$/.test(ctx.path)) {
        // Taken before the await, so that two interactions at once cannot both use it; given
        // back when this one could not be completed (no interaction cookie, say).
        const sub = nextLogin;
        nextLogin = undefined;
        try {
          await completeInteraction(ctx, sub);
        } catch (err) {
          nextLogin ??= sub;
          throw err;
        }
        return;
      }
      await next();
      if (ctx.path === "/token" && ctx.status === 200 && ctx.body?.id_token && idTokenMode !== "normal") {
        const mode = idTokenMode;
        idTokenMode = "normal";
        ctx.body = { ...ctx.body, id_token: await spoilIdToken(ctx.body.id_token, mode) };
      }
      // The dev interaction pages import a web font from the internet: drop it (no network).
      if (typeof ctx.body === "string" && ctx.response.is("html")) {
        ctx.body = ctx.body.replace(/@import url\(https?:[^)]*\);?/g, "");
      }
    });
    return instance;
  }

  async function control(req, res, path) {
    const reply = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    let body;
    if (req.method === "POST") {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        return reply(400, { error: "body is not JSON" });
      }
    }
    const route = `${req.method} ${path}`;
    switch (route) {
      case "POST clients": {
        const { client_id: clientId, client_secret: secret, redirect_uris: uris } = body;
        if (typeof clientId !== "string" || typeof secret !== "string" || !Array.isArray(uris)) {
          return reply(400, { error: "client_id, client_secret and redirect_uris are required" });
        }
        const metadata = {
          client_id: clientId,
          client_secret: secret,
          redirect_uris: uris,
          grant_types: ["authorization_code"],
          response_types: ["code"],
          token_endpoint_auth_method: "client_secret_basic",
          id_token_signed_response_alg: "RS256",
        };
        try {
          await provider.Client.validate(metadata);
        } catch (err) {
          return reply(400, { error: err.message, error_description: err.error_description });
        }
        store.clients.set(clientId, metadata);
        return reply(200, { client_id: clientId });
      }
      case "POST accounts": {
        const list = Array.isArray(body) ? body : [body];
        for (const account of list) {
          if (typeof account?.sub !== "string" || !account.sub) {
            return reply(400, { error: "each account needs a sub" });
          }
        }
        for (const { sub, ...claims } of list) accounts.set(sub, claims);
        return reply(200, { accounts: list.length });
      }
      case "POST next-login":
        if (typeof body.sub !== "string" || !accounts.has(body.sub)) {
          return reply(400, { error: `no account ${body.sub}: add it first` });
        }
        nextLogin = body.sub;
        return reply(200, { sub: nextLogin });
      case "POST id-token-mode":
        if (!ID_TOKEN_MODES.has(body.mode)) {
          return reply(400, { error: `mode must be one of ${[...ID_TOKEN_MODES].join(", ")}` });
        }
        idTokenMode = body.mode;
        return reply(200, { mode: idTokenMode });
      case "POST rotate-keys":
        signingKey = await generateSigningKey();
        provider = makeProvider();
        handler = provider.callback();
        return reply(200, { kid: signingKey.kid });
      case "GET stats":
        return reply(200, stats);
      case "POST reset-stats":
        for (const name of Object.keys(stats)) stats[name] = 0;
        return reply(200, stats);
      default:
        return reply(404, { error: `no control route ${route}` });
    }
  }

  const server = http.createServer((req, res) => {
    const path = req.url.split("?")[0];
    if (path.startsWith(CONTROL_PREFIX)) {
      // Loopback only: it has no authentication at all.
      const from = req.socket.remoteAddress ?? "";
      if (!(from.startsWith("127.") || from === "::1" || from.startsWith("::ffff:127."))) {
        res.writeHead(403).end();
        return;
      }
      control(req, res, path.slice(CONTROL_PREFIX.length)).catch((err) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: String(err?.stack ?? err) }));
      });
      return;
    }
    if (path === "/.well-known/openid-configuration") stats.discovery += 1;
    if (path === "/jwks") stats.jwks += 1;
    if (path === "/token") {
      stats.token += 1;
      res.on("finish", () => {
        if (res.statusCode >= 400) stats.token_errors += 1;
      });
    }
    handler(req, res);
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const bound = server.address().port;
  issuer = `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
  provider = makeProvider();
  handler = provider.callback();

  return {
    issuer,
    port: bound,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function main(argv) {
  // Only the listening line goes to standard output (the C++ driver reads it); oidc-provider's
  // notices use console.info, so they go to standard error with everything else.
  console.info = console.error;
  console.log = console.error;
  // devInteractions are on on purpose (browser tests sign in with them); don't warn about it
  // on every start and every key rotation.
  const warn = console.warn;
  console.warn = (...args) => {
    if (!String(args[0]).includes("devInteractions")) warn(...args);
  };

  const option = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const port = Number(option("--port") ?? 0);
  const host = option("--host") ?? "127.0.0.1";
  const provider = await startProvider({ port, host });
  process.stdout.write(`listening ${provider.issuer}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await provider.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  if (!argv.includes("--ignore-stdin")) {
    process.stdin.on("end", stop);
    process.stdin.on("error", stop);
    process.stdin.resume();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
