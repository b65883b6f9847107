-- Tables added to Chapp's SQLite schema after version 1. Every statement is idempotent.
--
-- SchemaInstaller runs this file right after sqlite.sql when it creates a database, and on its own (in one
-- BEGIN IMMEDIATE transaction) when it finds a version-1 database made by an earlier Chapp that lacks any
-- of these tables. Add new tables here, never to sqlite.sql, so existing databases get them too.

-- ASP.NET Core Data Protection key ring (auth cookies, antiforgery tokens): one row per key or revocation
-- XML element. Kept in the database, not per machine, so every process and every restart shares the keys.
-- xml holds the key's secret unencrypted, as the default file store would: whoever reads this table can
-- forge cookies, so grant access to the database accordingly.
CREATE TABLE IF NOT EXISTS chapp_data_protection_keys
(
    friendly_name TEXT NOT NULL PRIMARY KEY,
    xml           TEXT NOT NULL
);
