-- +goose Up
-- Sign-in with the town's directory (LDAP / Active Directory) and the
-- scheduled directory sync (DESIGN.md §6, issue 14 §1).

-- One row per municipality that connects its directory. The bind password
-- is needed in clear to bind; it is never shown again after it is saved.
CREATE TABLE directory_configs (
    municipality_id        BIGINT PRIMARY KEY REFERENCES municipalities(id) ON DELETE CASCADE,
    url                    TEXT NOT NULL,
    plain_ldap             BOOLEAN NOT NULL DEFAULT FALSE,
    base_dn                TEXT NOT NULL,
    bind_dn                TEXT NOT NULL,
    bind_password          TEXT NOT NULL,
    user_filter            TEXT NOT NULL,
    email_attr             TEXT NOT NULL,
    given_name_attr        TEXT NOT NULL,
    surname_attr           TEXT NOT NULL,
    department_attr        TEXT NOT NULL DEFAULT '',
    ca_cert_pem            TEXT NOT NULL DEFAULT '',
    sync_interval_minutes  INTEGER NOT NULL DEFAULT 0 CHECK (sync_interval_minutes >= 0),
    next_sync_at           TIMESTAMPTZ,
    last_sync_at           TIMESTAMPTZ,
    last_sync_result       TEXT NOT NULL DEFAULT '',
    updated_at             TIMESTAMPTZ NOT NULL
);

-- Accounts the directory manages: they sign in by bind against the
-- directory, and only they are disabled when they leave it.
CREATE TABLE directory_accounts (
    user_id          BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    municipality_id  BIGINT NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    dn               TEXT NOT NULL,
    synced_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX directory_accounts_municipality ON directory_accounts (municipality_id);

-- +goose Down
DROP TABLE directory_accounts;
DROP TABLE directory_configs;
