-- +goose Up
-- Department heads (issue 14 §2): an account with the role department_head
-- heads exactly one department of its town, named here. A row exists
-- exactly while the account holds the role (internal/store keeps both in
-- one transaction). Deleting the department ends the assignment; the role
-- alone then opens nothing.
CREATE TABLE department_heads (
    user_id        INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    department_id  INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
    assigned_at    TIMESTAMP NOT NULL
);
CREATE INDEX department_heads_department ON department_heads (department_id);

-- +goose Down
DROP TABLE department_heads;
