using System.Diagnostics;
using Npgsql;

namespace Chapp.LoadTest;

/// <summary>Starts the local PostgreSQL cluster if needed and makes / drops a fresh database per run.</summary>
public sealed class PostgresAdmin(string adminConnectionString)
{
    /// <summary>Makes sure PostgreSQL answers on loopback with the chapp role, starting the cluster if needed.</summary>
    public async Task EnsureRunningAsync(CancellationToken cancellationToken)
    {
        if (await CanConnectAsync(cancellationToken))
        {
            return;
        }

        await RunAsync("pg_ctlcluster", ["15", "main", "start"], cancellationToken, null);
        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString);
        for (var i = 0; i < 40 && !await CanConnectAsync(cancellationToken); i++)
        {
            // The role may be missing on a fresh machine: create it as the postgres superuser.
            var sql = $"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{builder.Username}') THEN " +
                      $"CREATE ROLE \"{builder.Username}\" LOGIN PASSWORD '{builder.Password}' SUPERUSER; END IF; END $$;";
            await RunAsync("su", ["postgres", "-c", "psql -q"], cancellationToken, sql);
            await Task.Delay(250, cancellationToken);
        }

        if (!await CanConnectAsync(cancellationToken))
        {
            throw new InvalidOperationException($"PostgreSQL is not reachable with '{builder.Host}:{builder.Port}' as {builder.Username}.");
        }
    }

    /// <summary>Creates database <paramref name="name"/> and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);
        await ExecuteAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops database <paramref name="name"/>.</summary>
    public Task DropDatabaseAsync(string name, CancellationToken cancellationToken) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(adminConnectionString + ";Timeout=3");
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string file, string[] args, CancellationToken cancellationToken, string? input)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardInput = input is not null };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not run {file}.");
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
    }
}
