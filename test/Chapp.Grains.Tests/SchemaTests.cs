using Chapp.Silo;
using Chapp.Silo.Schema;
using Microsoft.Data.Sqlite;

namespace Chapp.Grains.Tests;

/// <summary>The schema is made once by our scripts; a second start changes nothing; foreign databases are refused.</summary>
public sealed class SchemaTests
{
    [Fact]
    public async Task A_second_start_on_sqlite_changes_nothing()
    {
        using var file = new TempSqliteFile();
        await using (var host = await ChappSiloHost.StartSqliteAsync(file.Path))
        {
            await host.Grains.GetRoom(ChappNames.LobbyRoomId).Post("erin", "Erin", "before restart", "c1");
        }

        var before = await SqliteSnapshot(file.ConnectionString);
        await SchemaInstaller.EnsureAsync(DatabaseKind.Sqlite, file.ConnectionString);
        await using (var host = await ChappSiloHost.StartSqliteAsync(file.Path))
        {
            Assert.Single(await host.Grains.GetRoom(ChappNames.LobbyRoomId).GetLatest("erin", 10));
        }

        Assert.Equal(before, await SqliteSnapshot(file.ConnectionString));
        Assert.Contains("journal_mode=wal", before);
    }

    [Fact]
    public async Task A_second_start_on_postgresql_changes_nothing()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString);
        var before = await PostgresSnapshot(database);

        await SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString);

        Assert.Equal(before, await PostgresSnapshot(database));
        Assert.Contains("chapp_messages", before);
        Assert.Contains("orleans_cluster_silo", before);
        Assert.Contains("chapp_data_protection_keys", before);
    }

    [Fact]
    public async Task A_sqlite_database_of_the_previous_version_gets_the_key_table_and_keeps_its_messages()
    {
        using var file = new TempSqliteFile();
        await using (var host = await ChappSiloHost.StartSqliteAsync(file.Path))
        {
            await host.Grains.GetRoom(ChappNames.LobbyRoomId).Post("erin", "Erin", "made by the previous version", "c1");
        }

        // What a database made by the previous Chapp (schema version 1, no key table) looks like.
        await ExecuteSqlite(file.ConnectionString, "DROP TABLE chapp_data_protection_keys");

        await using (var host = await ChappSiloHost.StartSqliteAsync(file.Path))
        {
            Assert.Single(await host.Grains.GetRoom(ChappNames.LobbyRoomId).GetLatest("erin", 10));
        }

        Assert.Contains("table chapp_data_protection_keys", await SqliteSnapshot(file.ConnectionString, includePragma: false));
    }

    [Fact]
    public async Task A_postgresql_database_of_the_previous_version_gets_the_key_table()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString);
        await database.ScalarAsync("DROP TABLE chapp_data_protection_keys");
        await database.ScalarAsync("INSERT INTO chapp_messages VALUES ('r', 1, gen_random_uuid(), 'a', 'A', 'kept', now(), 'c1')");

        // Two processes upgrading at once: the advisory lock makes one wait for the other.
        await Task.WhenAll(
            SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString),
            SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString));

        Assert.Equal(0L, await database.ScalarAsync("SELECT count(*) FROM chapp_data_protection_keys"));
        Assert.Equal("kept", await database.ScalarAsync("SELECT body FROM chapp_messages"));
    }

    [Fact]
    public async Task A_sqlite_database_of_version_1_is_upgraded_to_the_log_of_events_and_keeps_its_messages()
    {
        using var file = new TempSqliteFile();
        Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
        // Exactly what Chapp made before version 2: the version-1 script and the additions, with messages in it.
        await ExecuteSqlite(file.ConnectionString, V1Script("sqlite") + V1KeyTable + """
            INSERT INTO chapp_messages VALUES ('lobby', 1, 'b7c5e0a4-3c1e-4c55-9a55-0b5f3b7c2a11', 'erin', 'Erin', 'old one', 1700000000000, 'c1');
            INSERT INTO chapp_messages VALUES ('lobby', 2, 'b7c5e0a4-3c1e-4c55-9a55-0b5f3b7c2a12', 'erin', 'Erin', 'old two', 1700000001000, 'c2');
            """);

        await using (var host = await ChappSiloHost.StartSqliteAsync(file.Path,
            new Dictionary<string, string?> { ["Chapp:Rooms:EditWindow"] = "3650.00:00:00" }))
        {
            var room = host.Grains.GetRoom(ChappNames.LobbyRoomId);
            var kept = await room.GetLatest("erin", 10);
            Assert.Equal(["old one", "old two"], kept.Select(m => m.Text));
            Assert.All(kept, m => Assert.Equal((RoomEventKind.Message, m.Seq, false), (m.Kind, m.ChangedSeq, m.Deleted)));
            Assert.Equal(3, (await room.Edit("erin", 1, "old one, edited")).Seq);
        }

        Assert.Equal(2L, await SqliteScalar(file.ConnectionString, "SELECT version FROM chapp_schema"));
        Assert.Equal("old one, edited", await SqliteScalar(file.ConnectionString, "SELECT body FROM chapp_messages WHERE seq = 1"));
    }

    [Fact]
    public async Task A_postgresql_database_of_version_1_is_upgraded_once_by_two_processes_at_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await database.ScalarAsync(V1Script("postgresql") + V1KeyTable);
        await database.ScalarAsync("INSERT INTO chapp_messages VALUES ('lobby', 1, gen_random_uuid(), 'erin', 'Erin', 'kept', now(), 'c1')");

        await Task.WhenAll(
            SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString),
            SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString));

        Assert.Equal(2, await database.ScalarAsync("SELECT version FROM chapp_schema"));
        Assert.Equal("kept|0|False|", await database.ScalarAsync(
            "SELECT body || '|' || kind || '|' || (CASE WHEN deleted THEN 'True' ELSE 'False' END) || '|' || coalesce(reactions, '') FROM chapp_messages"));
        await using var host = await ChappSiloHost.StartPostgresAsync(database.ConnectionString, "upgrade-" + Guid.NewGuid().ToString("N")[..8],
            new Dictionary<string, string?> { ["Chapp:Rooms:EditWindow"] = "3650.00:00:00" });
        var room = host.Grains.GetRoom(ChappNames.LobbyRoomId);
        await room.React("bob", 1, "👍", true);
        Assert.Equal(["bob"], Assert.Single((await room.GetLatest("bob", 10)).Single().Reactions!).Users);
    }

    [Fact]
    public async Task A_database_of_a_newer_version_is_refused_and_left_alone()
    {
        using var file = new TempSqliteFile();
        await using (await ChappSiloHost.StartSqliteAsync(file.Path))
        {
        }

        await ExecuteSqlite(file.ConnectionString, "UPDATE chapp_schema SET version = 3");

        var error = await Assert.ThrowsAsync<SchemaMismatchException>(
            () => SchemaInstaller.EnsureAsync(DatabaseKind.Sqlite, file.ConnectionString));

        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(3L, await SqliteScalar(file.ConnectionString, "SELECT version FROM chapp_schema"));
    }

    [Fact]
    public async Task A_sqlite_database_that_is_not_ours_is_refused_and_left_alone()
    {
        using var file = new TempSqliteFile();
        Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
        await ExecuteSqlite(file.ConnectionString, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");

        var error = await Assert.ThrowsAsync<SchemaMismatchException>(() => ChappSiloHost.StartSqliteAsync(file.Path));

        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
        Assert.Equal("table customers", await SqliteSnapshot(file.ConnectionString, includePragma: false));
    }

    [Fact]
    public async Task A_half_made_postgresql_schema_is_refused_and_left_alone()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await database.ScalarAsync("CREATE TABLE chapp_messages (room_id text)");

        var error = await Assert.ThrowsAsync<SchemaMismatchException>(
            () => SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString));

        Assert.Contains("half-made", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await database.ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    private static async Task<string> SqliteSnapshot(string connectionString, bool includePragma = true)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var lines = new List<string>();
        await using (var command = new SqliteCommand("SELECT type || ' ' || name || coalesce(' ' || sql, '') FROM sqlite_master ORDER BY type, name", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0).Split(' ')[0] + " " + reader.GetString(0).Split(' ')[1] + (includePragma ? " " + reader.GetString(0) : ""));
            }
        }

        if (includePragma)
        {
            await using var pragma = new SqliteCommand("PRAGMA journal_mode", connection);
            lines.Add("journal_mode=" + await pragma.ExecuteScalarAsync());
            await using var queries = new SqliteCommand("SELECT group_concat(QueryKey || ':' || length(QueryText)) FROM (SELECT * FROM OrleansQuery ORDER BY QueryKey)", connection);
            lines.Add("queries=" + await queries.ExecuteScalarAsync());
        }

        return string.Join("\n", lines);
    }

    private static async Task<string> PostgresSnapshot(PostgresDatabase database) =>
        (string)(await database.ScalarAsync(
            "SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, ordinal_position) " +
            "FROM information_schema.columns WHERE table_schema = 'public'"))! +
        "|queries=" + await database.ScalarAsync("SELECT string_agg(querykey || ':' || md5(querytext), ',' ORDER BY querykey) FROM orleansquery") +
        "|marker=" + await database.ScalarAsync("SELECT string_agg(version::text, ',') FROM chapp_schema");

    // The one addition version 1 had (search came with version 2).
    private const string V1KeyTable = "CREATE TABLE chapp_data_protection_keys (friendly_name TEXT NOT NULL PRIMARY KEY, xml TEXT NOT NULL);";

    private static string V1Script(string name)
    {
        using var stream = typeof(SchemaInstaller).Assembly.GetManifestResourceStream($"Chapp.Silo.Schema.{name}.sql")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static async Task<object?> SqliteScalar(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task ExecuteSqlite(string connectionString, string sql)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
