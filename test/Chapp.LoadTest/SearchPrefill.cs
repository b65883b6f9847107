using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Chapp.LoadTest;

/// <summary>
/// Fills the search scenario's rooms with <see cref="SearchCorpus"/> messages straight into <c>chapp_messages</c>
/// while no server runs; message i goes to room i mod rooms, so the rooms' messages interleave in time as in a
/// real workspace. The search index is kept by the database as rows go in (FTS5 triggers, the GIN index).
/// </summary>
public static class SearchPrefill
{
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

        await using var sqlite = new SqliteConnection($"Data Source={database.SqlitePath};Pooling=False");
        await sqlite.OpenAsync(cancellationToken);
        await using var count = new SqliteCommand("SELECT count(*) FROM chapp_messages", sqlite);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Inserts <paramref name="rows"/> messages spread over <paramref name="rooms"/>.</summary>
    public static async Task FillAsync(DatabaseTarget database, IReadOnlyList<string> rooms, int rows, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow.AddDays(-60);
        if (database.Kind == "postgres")
        {
            await using var connection = new NpgsqlConnection(database.PostgresConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var writer = await connection.BeginBinaryImportAsync(
                "COPY chapp_messages (room_id, seq, message_id, author, author_name, body, sent_at, client_message_id) FROM STDIN (FORMAT BINARY)",
                cancellationToken))
            {
                for (var i = 0L; i < rows; i++)
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(rooms[(int)(i % rooms.Count)], NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(i / rooms.Count + 1, NpgsqlDbType.Bigint, cancellationToken);
                    await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync("prefill", NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync("Prefill", NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(SearchCorpus.Message(i), NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(start.AddSeconds(i).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                    await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"sp-{i}"), NpgsqlDbType.Text, cancellationToken);
                }

                await writer.CompleteAsync(cancellationToken);
            }

            await using var analyze = new NpgsqlCommand("VACUUM ANALYZE chapp_messages", connection);
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            using var connection = new SqliteConnection($"Data Source={database.SqlitePath};Pooling=False");
            connection.Open();
            using (var pragma = new SqliteCommand("PRAGMA synchronous = OFF;", connection))
            {
                pragma.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO chapp_messages (room_id, seq, message_id, author, author_name, body, sent_at, client_message_id) " +
                                 "VALUES ($room, $seq, $id, 'prefill', 'Prefill', $body, $sent, $cid)";
            var room = insert.Parameters.Add("$room", SqliteType.Text);
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var body = insert.Parameters.Add("$body", SqliteType.Text);
            var sent = insert.Parameters.Add("$sent", SqliteType.Integer);
            var cid = insert.Parameters.Add("$cid", SqliteType.Text);
            insert.Prepare();
            for (var i = 0L; i < rows; i++)
            {
                room.Value = rooms[(int)(i % rooms.Count)];
                seq.Value = i / rooms.Count + 1;
                id.Value = Guid.NewGuid().ToString();
                body.Value = SearchCorpus.Message(i);
                sent.Value = start.AddSeconds(i).ToUnixTimeMilliseconds();
                cid.Value = string.Create(CultureInfo.InvariantCulture, $"sp-{i}");
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        Console.WriteLine($"pre-filled {rows:N0} messages into {rooms.Count} rooms ({database.Kind}) in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
