-- Tables added to Chapp's PostgreSQL schema after version 1. Every statement is idempotent.
--
-- SchemaInstaller runs this file right after postgresql.sql when it creates a database, and on its own (in
-- one transaction, under the installer's advisory lock) when it finds a version-1 database made by an
-- earlier Chapp that lacks any of these tables. Add new tables here, never to postgresql.sql, so existing
-- databases get them too.

-- ASP.NET Core Data Protection key ring (auth cookies, antiforgery tokens): one row per key or revocation
-- XML element. Kept in the database, not per machine, so every silo and every restart shares the keys.
-- xml holds the key's secret unencrypted, as the default file store would: whoever reads this table can
-- forge cookies, so grant access to the database accordingly.
CREATE TABLE IF NOT EXISTS chapp_data_protection_keys
(
    friendly_name text NOT NULL PRIMARY KEY,
    xml           text NOT NULL
);

-- Message search: a GIN index on each message's room and the words of its body ('simple': lower case, no
-- stemming, the same for every language), of message rows (kind 0) not deleted only: event rows carry a copy of
-- the changed text. The room comes first (ARRAY[room_id], built-in array_ops: no extension needed), so a search in
-- the rooms a user reads finds only their matches in one scan, never every room's. An expression index, so
-- PostgreSQL keeps it in step with every insert, delete and in-place change of a body (edits rewrite body, deletes
-- set deleted), and building it indexes the messages a database already holds. Queries must use the very same
-- expressions and predicate to use it. (chapp_messages_search and chapp_messages_words, on the words alone, were
-- its earlier forms.)
DROP INDEX IF EXISTS chapp_messages_search;
DROP INDEX IF EXISTS chapp_messages_words;
--
-- fastupdate off: every insert updates the index itself. With it on (PostgreSQL's default) inserts go to a pending
-- list, and the insert that takes it past gin_pending_list_limit (4 MB, about 30,000 short messages) merges it into
-- the index in the foreground: measured 0.95 s for one post on 1,000,000 messages (0.35 s on 40,000), while every
-- post of its room waits behind it. Autovacuum would merge it in the background, but on a big table it runs only
-- every 20 % of growth. Off costs less per insert on average (0.044 against 0.053 ms, the merges included).
-- The ALTER turns it off in an index made by an earlier Chapp (what is already pending waits for the next vacuum).
CREATE INDEX IF NOT EXISTS chapp_messages_room_words ON chapp_messages
    USING gin ((ARRAY[room_id]), to_tsvector('simple'::regconfig, body))
    WITH (fastupdate = off)
    WHERE kind = 0 AND NOT deleted;
ALTER INDEX chapp_messages_room_words SET (fastupdate = off);

-- Statistics on the words themselves: without them the planner guesses every word matches 0.5 % of rows, and
-- for a word in most messages builds a bitmap per room (2 s on 1,000,000 messages) instead of walking the room's
-- newest rows (10 ms). PostgresMessageSearch reads them too, to choose between one scan over the readable rooms
-- (rare words) and a walk per room (common ones). ANALYZE fills them now; autovacuum keeps them fresh.
CREATE STATISTICS IF NOT EXISTS chapp_messages_words_stats ON (to_tsvector('simple'::regconfig, body)) FROM chapp_messages;
ANALYZE chapp_messages;
