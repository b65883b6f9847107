using Chapp.Silo;
using Chapp.Silo.Schema;
using Chapp.Silo.Storage;
using Npgsql;

namespace Chapp.Grains.Tests;

/// <summary>
/// A post's INSERT is prepared once per connection rather than parsed and planned by the database server on every
/// commit (docs/PERFORMANCE.md, "The PostgreSQL commit under saturation"), unless the operator's connection string
/// says otherwise.
/// </summary>
public sealed class PostgresDataSourceTests
{
    private const string PreparedInserts =
        "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO chapp_messages%'";

    [Fact]
    public async Task Posts_reuse_a_prepared_insert_on_their_connection()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        Assert.Equal(1L, await PreparedInsertsAfterPosts(database, database.ConnectionString));
    }

    [Fact]
    public async Task An_operator_who_turns_preparing_off_is_obeyed()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var off = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxAutoPrepare = 0 }.ToString();
        Assert.Equal(0L, await PreparedInsertsAfterPosts(database, off));
    }

    private static async Task<long> PreparedInsertsAfterPosts(PostgresDatabase database, string connectionString)
    {
        await SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString);
        await using var dataSource = PostgresDataSource.Create(connectionString);
        var log = new PostgresMessageLog(dataSource);
        for (var seq = 1; seq <= 10; seq++)
        {
            await log.AppendAsync([Message(seq)]);
        }

        Assert.Equal(10, (await log.ReadAfterAsync("room-p", 0, 20)).Count);
        // One post at a time: every commit ran on the pool's one connection, which this takes again.
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(PreparedInserts, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static ChatMessage Message(long seq) =>
        new("room-p", seq, Guid.NewGuid(), "alice", "Alice", $"hello {seq}", DateTimeOffset.UnixEpoch.AddSeconds(seq), $"c{seq}");
}
