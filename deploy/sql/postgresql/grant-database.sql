-- Included by create-users.sql once per database, with the psql variables `database` and `runtime` set.
-- Run as the same superuser; not meant to be run on its own.

\connect :database

REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO saga_migrator, :"runtime", saga_readonly;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- The service's schema belongs to the migrator: `migrate` finds it there and creates everything inside it.
CREATE SCHEMA IF NOT EXISTS saga AUTHORIZATION saga_migrator;
ALTER SCHEMA saga OWNER TO saga_migrator;
REVOKE ALL ON SCHEMA saga FROM PUBLIC;
GRANT USAGE ON SCHEMA saga TO :"runtime", saga_readonly;

-- What exists now (a re-run after migrations) ...
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA saga TO :"runtime";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA saga TO :"runtime";
GRANT SELECT ON ALL TABLES IN SCHEMA saga TO saga_readonly;

-- ... and whatever the migrator creates later (tables and views alike are "TABLES" here).
ALTER DEFAULT PRIVILEGES FOR ROLE saga_migrator IN SCHEMA saga GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"runtime";
ALTER DEFAULT PRIVILEGES FOR ROLE saga_migrator IN SCHEMA saga GRANT USAGE, SELECT ON SEQUENCES TO :"runtime";
ALTER DEFAULT PRIVILEGES FOR ROLE saga_migrator IN SCHEMA saga GRANT SELECT ON TABLES TO saga_readonly;

-- psql and ad-hoc queries find the tables without `saga.`; the services name the schema themselves.
ALTER DATABASE :"database" SET search_path = saga;
