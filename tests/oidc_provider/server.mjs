// A real OpenID Connect provider for the SSO tests (panva's certified oidc-provider), shaped
// like a Keycloak realm: the issuer has a /auth/realms/<realm> path, PKCE (S256) is required,
// `preferred_username` carries the NIP, and RP-initiated logout ends the provider session.
//
// Configuration comes as JSON in OIDC_TEST_CONFIG:
//   {"realm": "hibrida-uji",
//    "clients": [{"client_id": ..., "client_secret": ... (absent: public client),
//                 "redirect_uris": [...], "post_logout_redirect_uris": [...]}],
//    "users": {"<login>": {"password": ..., "sub": ..., "claims": {"preferred_username": ...}}}}
// It listens on 127.0.0.1 on a free port and prints one line, `READY <issuer>`, once it serves.
import crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG || '{}');
const realm = config.realm || 'hibrida-uji';
const prefix = `/auth/realms/${realm}`;
const users = config.users || {};
const bySub = new Map(Object.values(users).map((u) => [u.sub, u]));

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'uji-1', use: 'sig', alg: 'RS256' };

const clients = (config.clients || []).map((c) => ({
  client_id: c.client_id,
  ...(c.client_secret
    ? { client_secret: c.client_secret, token_endpoint_auth_method: 'client_secret_basic' }
    : { token_endpoint_auth_method: 'none' }),
  redirect_uris: c.redirect_uris,
  post_logout_redirect_uris: c.post_logout_redirect_uris || [],
  grant_types: ['authorization_code'],
  response_types: ['code'],
}));

function page(title, body) {
  return `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>${title}</title></head>`
    + `<body><h1 id="kc-page-title">${title}</h1>${body}</body></html>`;
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginForm(uid, error, username) {
  return page('Sign in to your account', `
    ${error ? `<p id="input-error">${escape(error)}</p>` : ''}
    <form id="kc-form-login" method="post" action="${prefix}/interaction/${uid}">
      <label for="username">Username</label>
      <input id="username" name="username" type="text" value="${escape(username || '')}" autofocus>
      <label for="password">Password</label>
      <input id="password" name="password" type="password">
      <input id="kc-login" type="submit" value="Sign In">
    </form>`);
}

function makeProvider(port) {
  return new Provider(`http://127.0.0.1:${port}${prefix}`, {
    clients,
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
  scopes: ['openid', 'profile'],
  pkce: { methods: ['S256'], required: () => true },
    // Keycloak puts the profile claims (preferred_username: the NIP) in the ID token itself.
    conformIdTokenClaims: false,
    ttl: { IdToken: 3600, AccessToken: 300, Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60 },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  interactions: { url: (ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const user = bySub.get(sub);
    if (!user) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...user.claims }) };
  },
  // Hibrida is a first-party client of the realm: no consent screen, as in Keycloak's default.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile');
    await grant.save();
    return grant;
  },
  });
}

// The issuer names the port, so the provider is built once the server listens on a free one.
let provider;
let callback;

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  if (req.method === 'GET') {
    res.end(loginForm(uid, '', details.params.login_hint));
    return;
  }
  const form = await readForm(req);
  const username = form.get('username') || '';
  const user = users[username];
  if (!user || user.password !== form.get('password')) {
    res.statusCode = 200;
    res.end(loginForm(uid, 'Invalid username or password.', username));
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: user.sub } }, {
    mergeWithLastSubmission: false,
  });
}

const server = http.createServer(async (req, res) => {
  try {
    if (!req.url.startsWith(prefix)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const rest = req.url.slice(prefix.length) || '/';
    const match = rest.match(/^\/interaction\/([\w-]+)$/);
    if (match) {
      await interaction(req, res, match[1]);
      return;
    }
    // Mounted below the realm path: the provider reads its mount path from originalUrl.
    req.originalUrl = req.url;
    req.url = rest;
    callback(req, res);
  } catch (err) {
    console.error(err);
    res.statusCode = 500;
    res.end(String(err));
  }
});

server.listen(0, '127.0.0.1', () => {
  provider = makeProvider(server.address().port);
  provider.on('server_error', (ctx, err) => console.error('server_error', err));
  callback = provider.callback();
  console.log(`READY ${provider.issuer}`);
});
