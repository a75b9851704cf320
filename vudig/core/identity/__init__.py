"""Sign-in with the municipality's identity provider (OpenID Connect) and roles from its directory groups.

Layer 0 like the rest of core: it knows no app (steering groups are named by string FKs and ``apps.get_model``).
With no ``VUDIG_OIDC_*`` settings none of it is reachable and the portal signs in with local accounts only.

- ``provider``: the settings, the provider's discovery document and JSON fetches (the only network code here).
- ``backends``: the OpenID Connect backend (mozilla-django-oidc, with issuer, audience and expiry checks added) and
  the local password backend that applies ``VUDIG_LOCAL_LOGIN``.
- ``services``: the person from the claims and the roles from the groups; loading the group mapping.
- ``views`` / ``urls``: start, callback, RP-initiated logout; ``middleware``: the session follows the ID token.
"""
