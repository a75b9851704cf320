// The test OpenID provider: oidc-provider (certified by the OpenID Foundation) with one client and three people.
//
// Started by tests/oidc_fixtures.py on 127.0.0.1 with:
//   OIDC_PORT                   the port to listen on
//   OIDC_REDIRECT_URI           the portal's callback (the live server's port changes from run to run)
//   OIDC_POST_LOGOUT_REDIRECT   where the provider may send people back after signing out
//   OIDC_ID_TOKEN_TTL           seconds an ID token lives (default 3600)
// The sign-in page is the provider's own (devInteractions): any password, the login names one of ACCOUNTS.
// POST /__test/groups/<login> with a JSON list replaces that person's groups, as a directory admin would.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT || 9400);
const issuer = `http://127.0.0.1:${port}`;
const redirectUri = process.env.OIDC_REDIRECT_URI || 'http://localhost:8000/oidc/callback/';
const postLogoutRedirect = process.env.OIDC_POST_LOGOUT_REDIRECT || 'http://localhost:8000/';

export const ACCOUNTS = {
  'anna.processledare': {
    name: 'Anna Processledare', given_name: 'Anna', family_name: 'Processledare',
    email: 'anna.processledare@pitea.example', groups: ['VUDIG-Processledare', 'Alla-anstallda'],
  },
  'sara.chef': {
    name: 'Sara Chef', given_name: 'Sara', family_name: 'Chef',
    email: 'sara.chef@pitea.example', groups: ['VUDIG-Chef-Socialtjanst', 'Alla-anstallda'],
  },
  'olle.utan': {
    name: 'Olle Utan', given_name: 'Olle', family_name: 'Utan',
    email: 'olle.utan@pitea.example', groups: ['Alla-anstallda'],
  },
};

const configuration = {
  clients: [{
    client_id: 'vudig',
    client_secret: 'vudig-test-secret-0123456789',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutRedirect],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  pkce: { required: () => true },
  ttl: { IdToken: Number(process.env.OIDC_ID_TOKEN_TTL || 3600) },
  cookies: { keys: ['vudig-test-cookie-key-0123456789'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  // The portal is a first-party client: no consent screen, as in a municipality's own directory.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile groups');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email_verified: true, ...account, groups: [...account.groups] };
      },
    };
  },
};

const provider = new Provider(issuer, configuration);
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/__test\/groups\/([^/]+)$/);
  if (match && ctx.method === 'POST') {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    const account = ACCOUNTS[decodeURIComponent(match[1])];
    if (!account) { ctx.status = 404; return; }
    account.groups = JSON.parse(Buffer.concat(chunks).toString() || '[]');
    ctx.body = { groups: account.groups };
    return;
  }
  await next();
});
provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
