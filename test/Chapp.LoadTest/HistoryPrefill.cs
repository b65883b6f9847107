using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Chapp.LoadTest;

/// <summary>
/// Fills a room's message log straight into <c>chapp_messages</c> while no server runs (the room continues
/// numbering after the log's last seq on activation): SQLite in one prepared-statement transaction,
/// PostgreSQL with binary COPY.
/// </summary>
public static class HistoryPrefill
{
    private const string Author = "prefill";
    private const string AuthorName = "Prefill";

    /// <summary>Inserts seq 1..<paramref name="rows"/> into <paramref name="room"/> of a SQLite database.</summary>
    public static void Sqlite(string path, string room, int rows)
    {
        var clock = Stopwatch.StartNew();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF;";
            pragma.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO chapp_messages (room_id, seq, message_id, author, author_name, body, sent_at, client_message_id) " +
                             "VALUES ($room, $seq, $id, $author, $name, $body, $sent, $cid)";
        var pRoom = insert.Parameters.Add("$room", SqliteType.Text);
        var pSeq = insert.Parameters.Add("$seq", SqliteType.Integer);
        var pId = insert.Parameters.Add("$id", SqliteType.Text);
        var pAuthor = insert.Parameters.Add("$author", SqliteType.Text);
        var pName = insert.Parameters.Add("$name", SqliteType.Text);
        var pBody = insert.Parameters.Add("$body", SqliteType.Text);
        var pSent = insert.Parameters.Add("$sent", SqliteType.Integer);
        var pCid = insert.Parameters.Add("$cid", SqliteType.Text);
        insert.Prepare();
        pRoom.Value = room;
        pAuthor.Value = Author;
        pName.Value = AuthorName;
        var start = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
        for (var seq = 1L; seq <= rows; seq++)
        {
            pSeq.Value = seq;
            pId.Value = Guid.NewGuid().ToString();
            pBody.Value = Body(seq);
            pSent.Value = start + seq;
            pCid.Value = ClientId(seq);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        Console.WriteLine($"pre-filled {rows:N0} messages into SQLite room '{room}' in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Copies seq 1..<paramref name="rows"/> into <paramref name="room"/> of a PostgreSQL database.</summary>
    public static async Task PostgresAsync(string connectionString, string room, int rows, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY chapp_messages (room_id, seq, message_id, author, author_name, body, sent_at, client_message_id) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            var start = DateTime.UtcNow.AddDays(-30);
            for (var seq = 1L; seq <= rows; seq++)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(room, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(seq, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(Author, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(AuthorName, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(Body(seq), NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(start.AddMilliseconds(seq), NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(ClientId(seq), NpgsqlDbType.Text, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using (var analyze = new NpgsqlCommand("ANALYZE chapp_messages", connection))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        Console.WriteLine($"pre-filled {rows:N0} messages into PostgreSQL room '{room}' in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static string Body(long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"history message {seq}: the quick brown fox jumps over the lazy dog");

    private static string ClientId(long seq) => string.Create(CultureInfo.InvariantCulture, $"pf-{seq}");
}
