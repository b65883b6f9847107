using Chapp.Silo;
using Chapp.Silo.Schema;
using Chapp.Silo.Storage;
using Npgsql;

namespace Chapp.Grains.Tests;

/// <summary>A message log on a fresh PostgreSQL database with Chapp's schema and data source, dropped on disposal.</summary>
public sealed class PostgresTestLog : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresTestLog(PostgresDatabase database, NpgsqlDataSource dataSource)
    {
        Database = database;
        _dataSource = dataSource;
        Log = new PostgresMessageLog(dataSource);
    }

    /// <summary>The database under the log.</summary>
    public PostgresDatabase Database { get; }

    /// <summary>The log.</summary>
    public PostgresMessageLog Log { get; }

    /// <summary>Creates the database and installs the schema.</summary>
    public static async Task<PostgresTestLog> CreateAsync()
    {
        var database = await PostgresDatabase.CreateAsync();
        await SchemaInstaller.EnsureAsync(DatabaseKind.PostgreSql, database.ConnectionString);
        return new PostgresTestLog(database, PostgresDataSource.Create(database.ConnectionString));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await Database.DisposeAsync();
    }
}
