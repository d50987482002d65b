-- +goose Up
-- Sign-in with a town's directory over OpenID Connect (issue 14 §1).

-- One provider per municipality. The client secret is stored to talk to
-- the provider and never shown again.
CREATE TABLE oidc_providers (
    municipality_id         bigint PRIMARY KEY REFERENCES municipalities(id) ON DELETE CASCADE,
    issuer_url              text NOT NULL,
    client_id               text NOT NULL,
    client_secret           text NOT NULL,
    email_claim             text NOT NULL,
    require_email_verified  boolean NOT NULL,
    link_subject            boolean NOT NULL,
    provision               boolean NOT NULL,
    group_claim             text NOT NULL,
    group_roles             text NOT NULL,
    mfa_methods             text NOT NULL,
    email_domains           text NOT NULL,
    created_at              timestamptz NOT NULL,
    updated_at              timestamptz NOT NULL
);

-- A person's stable identity at a provider: (issuer, subject) names one
-- account for good, whatever happens to the address.
CREATE TABLE oidc_identities (
    issuer      text NOT NULL,
    subject     text NOT NULL,
    user_id     bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities (user_id);

-- A sign-in on its way to the provider: state (hashed), nonce and PKCE
-- verifier, taken exactly once by the callback.
CREATE TABLE oidc_logins (
    state_hash       text PRIMARY KEY,
    municipality_id  bigint NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    nonce            text NOT NULL,
    verifier         text NOT NULL,
    return_to        text NOT NULL,
    expires_at       timestamptz NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins (expires_at);

-- The ID token of a session signed in through a directory, for the
-- provider's logout (id_token_hint).
CREATE TABLE oidc_sessions (
    session_id       bigint PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    municipality_id  bigint NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    id_token         text NOT NULL
);

-- +goose Down
DROP TABLE oidc_sessions;
DROP TABLE oidc_logins;
DROP TABLE oidc_identities;
DROP TABLE oidc_providers;
