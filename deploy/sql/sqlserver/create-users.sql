-- Least-privilege SQL Server logins, databases and users for Saga. A sqlcmd script: run it once as a sysadmin (or a
-- login with CREATE ANY DATABASE and ALTER ANY LOGIN), and again to change a password. It is idempotent.
--
--   sqlcmd -S sql.internal -U sa -C -b -i deploy/sql/sqlserver/create-users.sql
--
-- The passwords are sqlcmd scripting variables, never written in this file. sqlcmd takes them from environment
-- variables of the same name (or -v Name=value, which shows on the command line):
--   SAGA_MIGRATOR_PASSWORD, SAGA_ORCHESTRATOR_PASSWORD, SAGA_PAYMENT_PASSWORD, SAGA_INVENTORY_PASSWORD, SAGA_SHIPPING_PASSWORD
--
-- What it makes:
--   databases      orchestrator, payment, inventory, shipping (one per service, as the services use them).
--   saga_migrator  login that runs `migrate`: in each database a user that owns the schema `saga` and may create
--                  tables, views, procedures and functions, which SQL Server lets it put only in a schema it owns; so
--                  DDL in `saga` and nowhere else (the services need Database:Schema=saga).
--   saga_orchestrator, saga_payment, saga_inventory, saga_shipping
--                  one runtime login per database, a user in that database only: SELECT, INSERT, UPDATE, DELETE on
--                  the schema `saga`, which covers every table and view a later migration adds (the operator views
--                  saga_overview and saga_history included). No CREATE permission, owns nothing: it can neither
--                  create nor drop a table.
--   saga_readonly  a database role in each database for operators: SELECT on the schema `saga`. Add people with
--                  ALTER ROLE saga_readonly ADD MEMBER [DOMAIN\alice]; (after CREATE USER for their login).
--   saga_operator  a database role in the orchestrator database for the operator console with actions enabled
--                  (Console:ActionsEnabled) and the `saga` tool's cancel, retry and errors move: SELECT on the schema
--                  `saga`, as saga_readonly, plus INSERT on the audit table operator_actions only, so that each action
--                  is recorded. Add the console's user with ALTER ROLE saga_operator ADD MEMBER [console_user]; The
--                  INSERT needs the table, which the orchestrator's migration AddOperatorActions creates: run this
--                  script again after `migrate`.
--
-- Not run against a live SQL Server here: SQL Server does not run on the machines this project is built on (see
-- deploy/README.md). The tests check its batches and names without a server.

:on error exit
SET NOCOUNT ON;
GO

USE [master];
GO

IF SUSER_ID(N'saga_migrator') IS NULL
    CREATE LOGIN [saga_migrator] WITH PASSWORD = N'$(SAGA_MIGRATOR_PASSWORD)', CHECK_POLICY = ON, DEFAULT_DATABASE = [master];
ELSE
    ALTER LOGIN [saga_migrator] WITH PASSWORD = N'$(SAGA_MIGRATOR_PASSWORD)';
GO
IF SUSER_ID(N'saga_orchestrator') IS NULL
    CREATE LOGIN [saga_orchestrator] WITH PASSWORD = N'$(SAGA_ORCHESTRATOR_PASSWORD)', CHECK_POLICY = ON, DEFAULT_DATABASE = [master];
ELSE
    ALTER LOGIN [saga_orchestrator] WITH PASSWORD = N'$(SAGA_ORCHESTRATOR_PASSWORD)';
GO
IF SUSER_ID(N'saga_payment') IS NULL
    CREATE LOGIN [saga_payment] WITH PASSWORD = N'$(SAGA_PAYMENT_PASSWORD)', CHECK_POLICY = ON, DEFAULT_DATABASE = [master];
ELSE
    ALTER LOGIN [saga_payment] WITH PASSWORD = N'$(SAGA_PAYMENT_PASSWORD)';
GO
IF SUSER_ID(N'saga_inventory') IS NULL
    CREATE LOGIN [saga_inventory] WITH PASSWORD = N'$(SAGA_INVENTORY_PASSWORD)', CHECK_POLICY = ON, DEFAULT_DATABASE = [master];
ELSE
    ALTER LOGIN [saga_inventory] WITH PASSWORD = N'$(SAGA_INVENTORY_PASSWORD)';
GO
IF SUSER_ID(N'saga_shipping') IS NULL
    CREATE LOGIN [saga_shipping] WITH PASSWORD = N'$(SAGA_SHIPPING_PASSWORD)', CHECK_POLICY = ON, DEFAULT_DATABASE = [master];
ELSE
    ALTER LOGIN [saga_shipping] WITH PASSWORD = N'$(SAGA_SHIPPING_PASSWORD)';
GO

IF DB_ID(N'orchestrator') IS NULL CREATE DATABASE [orchestrator];
GO
IF DB_ID(N'payment') IS NULL CREATE DATABASE [payment];
GO
IF DB_ID(N'inventory') IS NULL CREATE DATABASE [inventory];
GO
IF DB_ID(N'shipping') IS NULL CREATE DATABASE [shipping];
GO

-- orchestrator: the same in each database, only the database and its runtime user differ.
USE [orchestrator];
GO
IF USER_ID(N'saga_migrator') IS NULL CREATE USER [saga_migrator] FOR LOGIN [saga_migrator] WITH DEFAULT_SCHEMA = [saga];
IF USER_ID(N'saga_orchestrator') IS NULL CREATE USER [saga_orchestrator] FOR LOGIN [saga_orchestrator] WITH DEFAULT_SCHEMA = [saga];
IF DATABASE_PRINCIPAL_ID(N'saga_readonly') IS NULL CREATE ROLE [saga_readonly];
IF SCHEMA_ID(N'saga') IS NULL EXEC (N'CREATE SCHEMA [saga] AUTHORIZATION [saga_migrator]');
GO
ALTER AUTHORIZATION ON SCHEMA::[saga] TO [saga_migrator];
GRANT CREATE TABLE, CREATE VIEW, CREATE PROCEDURE, CREATE FUNCTION TO [saga_migrator];
GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::[saga] TO [saga_orchestrator];
GRANT SELECT ON SCHEMA::[saga] TO [saga_readonly];
GO
-- The operators who act (the console with actions enabled): the orchestrator database's reads, and the audit table's
-- INSERT once the migration created it (a re-run after `migrate` grants it; EXEC, as the table may not exist yet).
IF DATABASE_PRINCIPAL_ID(N'saga_operator') IS NULL CREATE ROLE [saga_operator];
GO
GRANT SELECT ON SCHEMA::[saga] TO [saga_operator];
IF OBJECT_ID(N'[saga].[operator_actions]', N'U') IS NOT NULL
    EXEC (N'GRANT INSERT ON OBJECT::[saga].[operator_actions] TO [saga_operator]');
ELSE
    PRINT N'[saga].[operator_actions] does not exist yet: run this script again after migrate to let saga_operator record actions';
GO

-- payment: the same in each database, only the database and its runtime user differ.
USE [payment];
GO
IF USER_ID(N'saga_migrator') IS NULL CREATE USER [saga_migrator] FOR LOGIN [saga_migrator] WITH DEFAULT_SCHEMA = [saga];
IF USER_ID(N'saga_payment') IS NULL CREATE USER [saga_payment] FOR LOGIN [saga_payment] WITH DEFAULT_SCHEMA = [saga];
IF DATABASE_PRINCIPAL_ID(N'saga_readonly') IS NULL CREATE ROLE [saga_readonly];
IF SCHEMA_ID(N'saga') IS NULL EXEC (N'CREATE SCHEMA [saga] AUTHORIZATION [saga_migrator]');
GO
ALTER AUTHORIZATION ON SCHEMA::[saga] TO [saga_migrator];
GRANT CREATE TABLE, CREATE VIEW, CREATE PROCEDURE, CREATE FUNCTION TO [saga_migrator];
GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::[saga] TO [saga_payment];
GRANT SELECT ON SCHEMA::[saga] TO [saga_readonly];
GO

-- inventory: the same in each database, only the database and its runtime user differ.
USE [inventory];
GO
IF USER_ID(N'saga_migrator') IS NULL CREATE USER [saga_migrator] FOR LOGIN [saga_migrator] WITH DEFAULT_SCHEMA = [saga];
IF USER_ID(N'saga_inventory') IS NULL CREATE USER [saga_inventory] FOR LOGIN [saga_inventory] WITH DEFAULT_SCHEMA = [saga];
IF DATABASE_PRINCIPAL_ID(N'saga_readonly') IS NULL CREATE ROLE [saga_readonly];
IF SCHEMA_ID(N'saga') IS NULL EXEC (N'CREATE SCHEMA [saga] AUTHORIZATION [saga_migrator]');
GO
ALTER AUTHORIZATION ON SCHEMA::[saga] TO [saga_migrator];
GRANT CREATE TABLE, CREATE VIEW, CREATE PROCEDURE, CREATE FUNCTION TO [saga_migrator];
GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::[saga] TO [saga_inventory];
GRANT SELECT ON SCHEMA::[saga] TO [saga_readonly];
GO

-- shipping: the same in each database, only the database and its runtime user differ.
USE [shipping];
GO
IF USER_ID(N'saga_migrator') IS NULL CREATE USER [saga_migrator] FOR LOGIN [saga_migrator] WITH DEFAULT_SCHEMA = [saga];
IF USER_ID(N'saga_shipping') IS NULL CREATE USER [saga_shipping] FOR LOGIN [saga_shipping] WITH DEFAULT_SCHEMA = [saga];
IF DATABASE_PRINCIPAL_ID(N'saga_readonly') IS NULL CREATE ROLE [saga_readonly];
IF SCHEMA_ID(N'saga') IS NULL EXEC (N'CREATE SCHEMA [saga] AUTHORIZATION [saga_migrator]');
GO
ALTER AUTHORIZATION ON SCHEMA::[saga] TO [saga_migrator];
GRANT CREATE TABLE, CREATE VIEW, CREATE PROCEDURE, CREATE FUNCTION TO [saga_migrator];
GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::[saga] TO [saga_shipping];
GRANT SELECT ON SCHEMA::[saga] TO [saga_readonly];
GO

PRINT N'saga logins, databases and users are ready';
GO
