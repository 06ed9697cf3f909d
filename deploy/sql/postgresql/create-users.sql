-- Least-privilege PostgreSQL roles and databases for Saga. A psql script: run it once as a superuser (or a role with
-- CREATEDB and CREATEROLE), and again whenever you want to change a password. It is idempotent.
--
--   psql -h db.internal -U postgres -d postgres -v ON_ERROR_STOP=1 \
--     -v migrator_password="$MIGRATOR_PW" -v orchestrator_password="$ORCHESTRATOR_PW" \
--     -v payment_password="$PAYMENT_PW" -v inventory_password="$INVENTORY_PW" -v shipping_password="$SHIPPING_PW" \
--     -f deploy/sql/postgresql/create-users.sql
--
-- What it makes:
--   databases      orchestrator, payment, inventory, shipping (one per service, as the services use them), owned by
--                  whoever runs this; PUBLIC loses CONNECT and TEMP on them.
--   saga_migrator  login that runs `migrate`: owns the schema `saga` in each database, so it creates, alters and drops
--                  tables there (the services need Database:Schema=saga) and nowhere else (PostgreSQL 15 gives PUBLIC
--                  no CREATE on `public`; this script revokes it on older versions too).
--   saga_orchestrator, saga_payment, saga_inventory, saga_shipping
--                  one runtime login per database: CONNECT to its own database only, USAGE on `saga`, and SELECT,
--                  INSERT, UPDATE, DELETE on its tables and views (also SELECT on the operator views saga_overview and
--                  saga_history) plus USAGE, SELECT on its sequences. Default privileges of saga_migrator grant the
--                  same on everything a later migration creates. No CREATE anywhere, and it owns nothing, so it can
--                  neither create nor drop a table.
--   saga_readonly  a NOLOGIN role for operators: CONNECT to all four databases, SELECT on every table and view in
--                  `saga`. Give it to a person with: GRANT saga_readonly TO alice;
--   saga_operator  a NOLOGIN role for the operator console with actions enabled (Console:ActionsEnabled) and for the
--                  `saga` tool's cancel, retry and errors move: saga_readonly's reads on the orchestrator database
--                  only, plus INSERT on its audit table operator_actions (and USAGE on that table's identity
--                  sequence), so that each action is recorded. Nothing else is writable. Give it to the console's
--                  login: GRANT saga_operator TO console_login; The INSERT needs the table, which the orchestrator's
--                  migration AddOperatorActions creates: run this script again after `migrate`.
--
-- The passwords come in as psql variables (never written in this file); psql quotes them as literals (:'name').

\set ON_ERROR_STOP on

\if :{?migrator_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'missing psql variable: -v migrator_password=...'; END $$;
\endif
\if :{?orchestrator_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'missing psql variable: -v orchestrator_password=...'; END $$;
\endif
\if :{?payment_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'missing psql variable: -v payment_password=...'; END $$;
\endif
\if :{?inventory_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'missing psql variable: -v inventory_password=...'; END $$;
\endif
\if :{?shipping_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'missing psql variable: -v shipping_password=...'; END $$;
\endif

-- Roles (cluster-wide).
SELECT format('CREATE ROLE %I', r)
FROM unnest(ARRAY['saga_migrator', 'saga_orchestrator', 'saga_payment', 'saga_inventory', 'saga_shipping', 'saga_readonly', 'saga_operator']) AS r
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)
\gexec

ALTER ROLE saga_migrator     LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'migrator_password';
ALTER ROLE saga_orchestrator LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'orchestrator_password';
ALTER ROLE saga_payment      LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'payment_password';
ALTER ROLE saga_inventory    LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'inventory_password';
ALTER ROLE saga_shipping     LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'shipping_password';
ALTER ROLE saga_readonly     NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE saga_operator     NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;

-- Databases (CREATE DATABASE cannot run inside a function or transaction, hence \gexec).
SELECT format('CREATE DATABASE %I', d)
FROM unnest(ARRAY['orchestrator', 'payment', 'inventory', 'shipping']) AS d
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = d)
\gexec

-- The same for each database; only the database and its runtime role differ.
\set database orchestrator
\set runtime saga_orchestrator
\ir grant-database.sql

-- The operators who act (the console with actions enabled): the orchestrator database's reads, and the audit table's
-- INSERT once the migration created it (a re-run after `migrate` grants it).
GRANT CONNECT ON DATABASE orchestrator TO saga_operator;
GRANT USAGE ON SCHEMA saga TO saga_operator;
GRANT SELECT ON ALL TABLES IN SCHEMA saga TO saga_operator;
ALTER DEFAULT PRIVILEGES FOR ROLE saga_migrator IN SCHEMA saga GRANT SELECT ON TABLES TO saga_operator;
DO $$
BEGIN
    IF to_regclass('saga.operator_actions') IS NOT NULL THEN
        GRANT INSERT ON saga.operator_actions TO saga_operator;
        EXECUTE format('GRANT USAGE ON SEQUENCE %s TO saga_operator', pg_get_serial_sequence('saga.operator_actions', 'action_id'));
    ELSE
        RAISE NOTICE 'saga.operator_actions does not exist yet: run this script again after migrate to let saga_operator record actions';
    END IF;
END $$;

\set database payment
\set runtime saga_payment
\ir grant-database.sql

\set database inventory
\set runtime saga_inventory
\ir grant-database.sql

\set database shipping
\set runtime saga_shipping
\ir grant-database.sql

\connect postgres
\echo 'saga roles and databases are ready'
