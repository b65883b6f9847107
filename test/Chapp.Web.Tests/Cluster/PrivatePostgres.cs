using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// A PostgreSQL server of the test's own (initdb in a temp folder, a free port), so a drill can stop and restart it
/// without disturbing the shared server other tests use. Uses Debian's PostgreSQL binaries; run as root (the test
/// command and CI do), it runs them as the postgres user.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _dir;
    private readonly int _port;

    private PrivatePostgres(string dir, int port)
    {
        _dir = dir;
        _port = port;
    }

    /// <summary>A connection string to the database <c>chapp</c> on this server.</summary>
    public string ConnectionString =>
        $"Host=127.0.0.1;Port={_port.ToString(CultureInfo.InvariantCulture)};Username=chapp;Database=chapp;Timeout=5";

    /// <summary>Creates, starts and makes a <c>chapp</c> database on a new server.</summary>
    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => d, StringComparer.Ordinal).Last() + "/bin";
        var dir = Path.Combine(Path.GetTempPath(), "chapp-pg-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        var server = new PrivatePostgres(dir, AppFixture.FreePort()) { _bin = bin };
        await Run("chown", "postgres:postgres", dir);
        await server.AsPostgres($"{bin}/initdb -D {dir}/data -U chapp --auth=trust -N -E UTF8 >/dev/null");
        await server.StartServerAsync();
        await using (var connection = new NpgsqlConnection(server.ConnectionString.Replace("Database=chapp", "Database=postgres", StringComparison.Ordinal)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE DATABASE chapp", connection);
            await command.ExecuteNonQueryAsync();
        }

        return server;
    }

    private string _bin = string.Empty;

    /// <summary>Stops the server at once (fast shutdown: open connections are cut).</summary>
    public Task StopServerAsync() => AsPostgres($"{_bin}/pg_ctl -D {_dir}/data -m fast -w stop >/dev/null");

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public Task StartServerAsync() => AsPostgres(
        $"{_bin}/pg_ctl -D {_dir}/data -l {_dir}/log -w -o \"-p {_port.ToString(CultureInfo.InvariantCulture)} -k {_dir} -c listen_addresses=127.0.0.1\" start >/dev/null");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await AsPostgres($"{_bin}/pg_ctl -D {_dir}/data -m immediate -w stop >/dev/null 2>&1 || true");
        }
        finally
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private Task AsPostgres(string command) =>
        Environment.UserName == "root" ? Run("su", "postgres", "-c", command) : Run("sh", "-c", command);

    private static async Task Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }
    }
}
