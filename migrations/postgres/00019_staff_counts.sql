-- +goose Up
-- The quota bases of every round (issue 16): how many active members of
-- staff each municipality and department has. Counting them from users and
-- user_roles on every booking grew with the staff (~10,000 rows per
-- booking, three times, once under the session's lock). The triggers below
-- keep the count in the transaction of every change to staff, whichever
-- code makes it (staff import, directory sync, account administration,
-- moving people between departments), so a booking reads the same exact
-- number it would have counted, in one indexed lookup. department_id 0 is
-- "no department": such staff count for their town only.
CREATE TABLE staff_counts (
    municipality_id  bigint NOT NULL,
    department_id    bigint NOT NULL,
    staff            integer NOT NULL,
    PRIMARY KEY (municipality_id, department_id)
);

INSERT INTO staff_counts (municipality_id, department_id, staff)
SELECT u.municipality_id, coalesce(u.department_id, 0), count(*)
FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'staff'
WHERE u.municipality_id IS NOT NULL AND NOT u.disabled
GROUP BY u.municipality_id, coalesce(u.department_id, 0);

-- +goose StatementBegin
CREATE FUNCTION staff_counts_add(m bigint, d bigint, delta integer) RETURNS void AS $$
BEGIN
    INSERT INTO staff_counts (municipality_id, department_id, staff) VALUES (m, coalesce(d, 0), delta)
    ON CONFLICT (municipality_id, department_id) DO UPDATE SET staff = staff_counts.staff + delta;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd

-- A role granted or taken: the holder counts from now on, or no longer.
-- +goose StatementBegin
CREATE FUNCTION staff_counts_role() RETURNS trigger AS $$
DECLARE
    u record;
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') AND OLD.role = 'staff' THEN
        SELECT municipality_id, department_id, disabled INTO u FROM users WHERE id = OLD.user_id;
        IF FOUND AND u.municipality_id IS NOT NULL AND NOT u.disabled THEN
            PERFORM staff_counts_add(u.municipality_id, u.department_id, -1);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.role = 'staff' THEN
        SELECT municipality_id, department_id, disabled INTO u FROM users WHERE id = NEW.user_id;
        IF FOUND AND u.municipality_id IS NOT NULL AND NOT u.disabled THEN
            PERFORM staff_counts_add(u.municipality_id, u.department_id, 1);
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER staff_counts_role AFTER INSERT OR UPDATE OR DELETE ON user_roles
    FOR EACH ROW EXECUTE FUNCTION staff_counts_role();

-- A member of staff moved to another town or department, disabled or
-- enabled again.
-- +goose StatementBegin
CREATE FUNCTION staff_counts_user() RETURNS trigger AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM user_roles WHERE user_id = NEW.id AND role = 'staff') THEN
        RETURN NULL;
    END IF;
    IF OLD.municipality_id IS NOT NULL AND NOT OLD.disabled THEN
        PERFORM staff_counts_add(OLD.municipality_id, OLD.department_id, -1);
    END IF;
    IF NEW.municipality_id IS NOT NULL AND NOT NEW.disabled THEN
        PERFORM staff_counts_add(NEW.municipality_id, NEW.department_id, 1);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER staff_counts_user AFTER UPDATE OF municipality_id, department_id, disabled ON users
    FOR EACH ROW
    WHEN (OLD.municipality_id IS DISTINCT FROM NEW.municipality_id OR OLD.department_id IS DISTINCT FROM NEW.department_id
          OR OLD.disabled IS DISTINCT FROM NEW.disabled)
    EXECUTE FUNCTION staff_counts_user();

-- An account deleted: its roles go first, while the account still tells
-- which town and department to count down (the cascade would delete them
-- after the account, too late to look it up).
-- +goose StatementBegin
CREATE FUNCTION staff_counts_user_delete() RETURNS trigger AS $$
BEGIN
    DELETE FROM user_roles WHERE user_id = OLD.id;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
-- +goose StatementEnd
CREATE TRIGGER staff_counts_user_delete BEFORE DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION staff_counts_user_delete();

-- +goose Down
DROP TRIGGER staff_counts_user_delete ON users;
DROP FUNCTION staff_counts_user_delete();
DROP TRIGGER staff_counts_user ON users;
DROP FUNCTION staff_counts_user();
DROP TRIGGER staff_counts_role ON user_roles;
DROP FUNCTION staff_counts_role();
DROP FUNCTION staff_counts_add(bigint, bigint, integer);
DROP TABLE staff_counts;
