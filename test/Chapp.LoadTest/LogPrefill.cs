using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Chapp.LoadTest;

/// <summary>
/// Fills <c>chapp_messages</c> straight from rows while no server runs (a room continues numbering after the log's
/// last seq on activation): SQLite in one prepared-statement transaction, PostgreSQL with binary COPY, then VACUUM
/// ANALYZE (as autovacuum would leave a table that size) and a CHECKPOINT. The search index is filled too: on SQLite
/// by the catch-up statement the server's writer runs, on PostgreSQL by the GIN index as rows go in. Used by the
/// history scenario (one room) and the search scenario (many).
/// </summary>
public static class LogPrefill
{
    private const string Author = "prefill";
    private const string AuthorName = "Prefill";

    private const string Columns = "room_id, seq, message_id, author, author_name, body, sent_at, client_message_id";

    /// <summary>Seq 1..<paramref name="rows"/> of one room, a millisecond apart, ending 30 days ago.</summary>
    public static IEnumerable<PrefillRow> OneRoom(string room, int rows)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        for (var seq = 1L; seq <= rows; seq++)
        {
            yield return new PrefillRow(room, seq, string.Create(CultureInfo.InvariantCulture,
                $"history message {seq}: the quick brown fox jumps over the lazy dog"), start.AddMilliseconds(seq), string.Create(CultureInfo.InvariantCulture, $"pf-{seq}"));
        }
    }

    /// <summary>Rows already in the log (a database to reuse).</summary>
    public static async Task<long> CountAsync(DatabaseTarget database, CancellationToken cancellationToken)
    {
        if (database.Kind == "postgres")
        {
            await using var connection = new NpgsqlConnection(database.PostgresConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM chapp_messages", connection);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var sqlite = new SqliteConnection(SqliteConnectionString(database));
        await sqlite.OpenAsync(cancellationToken);
        await using var count = new SqliteCommand("SELECT count(*) FROM chapp_messages", sqlite);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Writes <paramref name="rows"/> into the log of <paramref name="database"/>.</summary>
    public static async Task FillAsync(DatabaseTarget database, IEnumerable<PrefillRow> rows, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (count, rooms) = database.Kind == "postgres"
            ? await PostgresAsync(database.PostgresConnectionString!, rows, cancellationToken)
            : Sqlite(database, rows);
        Console.WriteLine($"pre-filled {count:N0} messages into {rooms} room(s) ({database.Kind}) in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static (long Count, int Rooms) Sqlite(DatabaseTarget database, IEnumerable<PrefillRow> rows)
    {
        using var connection = new SqliteConnection(SqliteConnectionString(database));
        connection.Open();
        using (var pragma = new SqliteCommand("PRAGMA synchronous = OFF;", connection))
        {
            pragma.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO chapp_messages ({Columns}) VALUES ($room, $seq, $id, $author, $name, $body, $sent, $cid)";
        var room = insert.Parameters.Add("$room", SqliteType.Text);
        var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$author", Author);
        insert.Parameters.AddWithValue("$name", AuthorName);
        var body = insert.Parameters.Add("$body", SqliteType.Text);
        var sent = insert.Parameters.Add("$sent", SqliteType.Integer);
        var cid = insert.Parameters.Add("$cid", SqliteType.Text);
        insert.Prepare();
        var count = 0L;
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            room.Value = row.Room;
            seq.Value = row.Seq;
            id.Value = Guid.NewGuid().ToString();
            body.Value = row.Body;
            sent.Value = row.SentAt.ToUnixTimeMilliseconds();
            cid.Value = row.ClientId;
            insert.ExecuteNonQuery();
            rooms.Add(row.Room);
            count++;
        }

        // The server indexes new messages for search in arrears; indexed here in the same transaction (with the
        // catch-up statement the server's writer runs), the server's first commits do not index a million rows in the
        // middle of the measurement.
        using (var index = connection.CreateCommand())
        {
            index.Transaction = transaction;
            index.CommandText =
                "INSERT INTO chapp_messages_fts (rowid, body) SELECT rowid, body FROM chapp_messages " +
                "WHERE rowid > (SELECT through_rowid FROM chapp_search_progress) AND kind = 0 AND deleted = 0; " +
                "UPDATE chapp_search_progress SET through_rowid = (SELECT coalesce(max(rowid), 0) FROM chapp_messages); " +
                // As the schema's backfill does: half-merged segments would make the server's catch-ups finish merging them.
                "INSERT INTO chapp_messages_fts (chapp_messages_fts) VALUES ('optimize');";
            index.ExecuteNonQuery();
        }

        transaction.Commit();
        return (count, rooms.Count);
    }

    private static async Task<(long Count, int Rooms)> PostgresAsync(string connectionString, IEnumerable<PrefillRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var count = 0L;
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY chapp_messages ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(row.Room, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(row.Seq, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(Author, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(AuthorName, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(row.Body, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(row.SentAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(row.ClientId, NpgsqlDbType.Text, cancellationToken);
                rooms.Add(row.Room);
                count++;
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var analyze = new NpgsqlCommand("VACUUM ANALYZE chapp_messages", connection) { CommandTimeout = 0 })
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        // The fill writes about 1 GB of WAL for 1,000,000 rows: without this, the checkpoint it forces (max_wal_size)
        // runs during the measured window and its writes land in the posts' tail. Needs pg_checkpoint (PostgreSQL 15).
        try
        {
            await using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 0 };
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine("warning: CHECKPOINT refused (GRANT pg_checkpoint TO the role): the fill's checkpoint may fall in the measured window");
        }

        return (count, rooms.Count);
    }

    private static string SqliteConnectionString(DatabaseTarget database) =>
        new SqliteConnectionStringBuilder { DataSource = database.SqlitePath, Pooling = false }.ToString();
}
