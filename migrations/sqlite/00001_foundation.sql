-- +goose Up
CREATE TABLE municipalities (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    ags         TEXT NOT NULL UNIQUE,
    population  INTEGER NOT NULL CHECK (population >= 0),
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE departments (
    id               INTEGER PRIMARY KEY,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    UNIQUE (municipality_id, name)
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    email                TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    municipality_id      INTEGER REFERENCES municipalities(id),
    department_id        INTEGER REFERENCES departments(id),
    password_hash        TEXT NOT NULL,
    password_changed_at  TIMESTAMP NOT NULL,
    totp_secret          TEXT,
    totp_pending_secret  TEXT,
    totp_confirmed_at    TIMESTAMP,
    totp_last_step       INTEGER NOT NULL DEFAULT 0,
    disabled             BOOLEAN NOT NULL DEFAULT 0,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);

CREATE TABLE user_roles (
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mfa_verified  BOOLEAN NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_failures (
    id         INTEGER PRIMARY KEY,
    key_hash   TEXT NOT NULL,
    failed_at  TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key_hash, failed_at);

CREATE TABLE audit_entries (
    id            INTEGER PRIMARY KEY,
    at            TIMESTAMP NOT NULL,
    actor_id      INTEGER,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    object_type   TEXT NOT NULL,
    object_id     TEXT NOT NULL,
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entries_object ON audit_entries (object_type, object_id);

-- The audit log (audit_entries) is append-only: the database itself refuses changes.
-- +goose StatementBegin
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit_entries is append-only');
END;
-- +goose StatementEnd

CREATE TABLE jobs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL,
    run_at        TIMESTAMP NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL,
    locked_by     TEXT,
    locked_until  TIMESTAMP,
    last_error    TEXT,
    done_at       TIMESTAMP,
    failed_at     TIMESTAMP,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL AND failed_at IS NULL;

CREATE TABLE mails (
    id           INTEGER PRIMARY KEY,
    to_address   TEXT NOT NULL,
    to_name      TEXT NOT NULL DEFAULT '',
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    attachments  TEXT NOT NULL DEFAULT '[]',
    created_at   TIMESTAMP NOT NULL,
    sent_at      TIMESTAMP
);

-- +goose Down
DROP TABLE mails;
DROP TABLE jobs;
DROP TRIGGER audit_entries_no_delete;
DROP TRIGGER audit_entries_no_update;
DROP TABLE audit_entries;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE recovery_codes;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE departments;
DROP TABLE municipalities;
