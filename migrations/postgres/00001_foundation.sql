-- +goose Up
CREATE TABLE municipalities (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    ags         text NOT NULL UNIQUE,
    population  integer NOT NULL CHECK (population >= 0),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE TABLE departments (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id  bigint NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    name             text NOT NULL,
    created_at       timestamptz NOT NULL,
    UNIQUE (municipality_id, name)
);

CREATE TABLE users (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email                text NOT NULL UNIQUE,
    name                 text NOT NULL,
    municipality_id      bigint REFERENCES municipalities(id),
    department_id        bigint REFERENCES departments(id),
    password_hash        text NOT NULL,
    password_changed_at  timestamptz NOT NULL,
    totp_secret          text,
    totp_pending_secret  text,
    totp_confirmed_at    timestamptz,
    totp_last_step       bigint NOT NULL DEFAULT 0,
    disabled             boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);

CREATE TABLE user_roles (
    user_id  bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     text NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE recovery_codes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  text NOT NULL,
    used_at    timestamptz,
    created_at timestamptz NOT NULL
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE sessions (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash    text NOT NULL UNIQUE,
    user_id       bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mfa_verified  boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins, keyed by a hash of the account or the client address, so
-- throttling holds across several instances without storing addresses.
CREATE TABLE login_failures (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key_hash   text NOT NULL,
    failed_at  timestamptz NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key_hash, failed_at);

CREATE TABLE audit_entries (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL,
    actor_id      bigint,
    actor         text NOT NULL,
    action        text NOT NULL,
    object_type   text NOT NULL,
    object_id     text NOT NULL,
    detail        text NOT NULL DEFAULT ''
);
CREATE INDEX audit_entries_object ON audit_entries (object_type, object_id);

-- The audit log (audit_entries) is append-only: the database itself refuses changes.
-- +goose StatementBegin
CREATE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_entries is append-only';
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();

CREATE TABLE jobs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL,
    payload       text NOT NULL,
    run_at        timestamptz NOT NULL,
    attempts      integer NOT NULL DEFAULT 0,
    max_attempts  integer NOT NULL,
    locked_by     text,
    locked_until  timestamptz,
    last_error    text,
    done_at       timestamptz,
    failed_at     timestamptz,
    created_at    timestamptz NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL AND failed_at IS NULL;

CREATE TABLE mails (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address   text NOT NULL,
    to_name      text NOT NULL DEFAULT '',
    subject      text NOT NULL,
    body         text NOT NULL,
    attachments  text NOT NULL DEFAULT '[]',
    created_at   timestamptz NOT NULL,
    sent_at      timestamptz
);

-- +goose Down
DROP TABLE mails;
DROP TABLE jobs;
DROP TRIGGER audit_entries_no_update ON audit_entries;
DROP FUNCTION audit_entries_append_only();
DROP TABLE audit_entries;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE recovery_codes;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE departments;
DROP TABLE municipalities;
