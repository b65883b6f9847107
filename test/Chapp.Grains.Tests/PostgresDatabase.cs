using Npgsql;

namespace Chapp.Grains.Tests;

/// <summary>
/// A fresh, empty PostgreSQL database for one test, dropped afterwards. The server is the real one the test
/// command starts (see README); CHAPP_TEST_PG overrides where it is.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The maintenance connection used to create and drop test databases.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("CHAPP_TEST_PG") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=chapp;Password=chapp;Database=postgres";

    private PostgresDatabase(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ToString();
    }

    /// <summary>The database name.</summary>
    public string Name { get; }

    /// <summary>A connection string to the database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates an empty database.</summary>
    public static async Task<PostgresDatabase> CreateAsync()
    {
        var database = new PostgresDatabase("chapp_test_" + Guid.NewGuid().ToString("N")[..12]);
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {database.Name}", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    /// <summary>Runs one SQL statement in the database and returns the first column of the first row.</summary>
    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Drops the database.</summary>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 20)
            {
                // An autovacuum worker on the fresh database belongs to no role the test role may signal;
                // it finishes in moments, then the drop goes through.
                await Task.Delay(250);
            }
        }
    }
}
