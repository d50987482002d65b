-- +goose Up
-- Sign-in with a town's directory over OpenID Connect (issue 14 §1).

-- One provider per municipality. The client secret is stored to talk to
-- the provider and never shown again.
CREATE TABLE oidc_providers (
    municipality_id         INTEGER PRIMARY KEY REFERENCES municipalities(id) ON DELETE CASCADE,
    issuer_url              TEXT NOT NULL,
    client_id               TEXT NOT NULL,
    client_secret           TEXT NOT NULL,
    email_claim             TEXT NOT NULL,
    require_email_verified  BOOLEAN NOT NULL,
    link_subject            BOOLEAN NOT NULL,
    provision               BOOLEAN NOT NULL,
    group_claim             TEXT NOT NULL,
    group_roles             TEXT NOT NULL,
    mfa_methods             TEXT NOT NULL,
    email_domains           TEXT NOT NULL,
    created_at              TIMESTAMP NOT NULL,
    updated_at              TIMESTAMP NOT NULL
);

-- A person's stable identity at a provider: (issuer, subject) names one
-- account for good, whatever happens to the address.
CREATE TABLE oidc_identities (
    issuer      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX oidc_identities_user ON oidc_identities (user_id);

-- A sign-in on its way to the provider: state (hashed), nonce and PKCE
-- verifier, taken exactly once by the callback.
CREATE TABLE oidc_logins (
    state_hash       TEXT PRIMARY KEY,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    nonce            TEXT NOT NULL,
    verifier         TEXT NOT NULL,
    return_to        TEXT NOT NULL,
    expires_at       TIMESTAMP NOT NULL
);
CREATE INDEX oidc_logins_expiry ON oidc_logins (expires_at);

-- The ID token of a session signed in through a directory, for the
-- provider's logout (id_token_hint).
CREATE TABLE oidc_sessions (
    session_id       INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    id_token         TEXT NOT NULL
);

-- +goose Down
DROP TABLE oidc_sessions;
DROP TABLE oidc_logins;
DROP TABLE oidc_identities;
DROP TABLE oidc_providers;
