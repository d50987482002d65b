-- +goose Up
-- Sign-in hardening (issue 13 §1): a lock of the second sign-in step once
-- too many wrong TOTP or recovery codes were entered for an account. One row
-- per account; the conditional upsert that sets it tells exactly one
-- request that it started the lock, so the owner is mailed once.
CREATE TABLE second_factor_locks (
    user_id       bigint PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    locked_until  timestamptz NOT NULL
);

-- +goose Down
DROP TABLE second_factor_locks;
