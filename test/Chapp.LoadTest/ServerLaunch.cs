namespace Chapp.LoadTest;

/// <summary>How to start one Chapp server process.</summary>
/// <param name="Name">A short label (a, b) for logs.</param>
/// <param name="ServerDll">Path of the built Chapp.Web.dll.</param>
/// <param name="ContentRoot">The Chapp.Web project directory (appsettings.json, wwwroot).</param>
/// <param name="HttpPort">Loopback HTTP port.</param>
/// <param name="SiloPort">Orleans silo port.</param>
/// <param name="GatewayPort">Orleans gateway port.</param>
/// <param name="Database">"Sqlite" or "PostgreSql".</param>
/// <param name="SqlitePath">The SQLite file (SQLite only).</param>
/// <param name="PostgresConnectionString">The database (PostgreSQL only).</param>
/// <param name="ClusterId">Orleans cluster id; the same for the processes of one cluster.</param>
/// <param name="LogFile">Where the server's stdout and stderr go.</param>
/// <param name="ExtraEnv">More environment settings, applied last (they win).</param>
public sealed record ServerLaunch(
    string Name,
    string ServerDll,
    string ContentRoot,
    int HttpPort,
    int SiloPort,
    int GatewayPort,
    string Database,
    string? SqlitePath,
    string? PostgresConnectionString,
    string ClusterId,
    string LogFile,
    IReadOnlyList<KeyValuePair<string, string>>? ExtraEnv = null)
{
    /// <summary>The server's base URL.</summary>
    public Uri Url => new($"http://127.0.0.1:{HttpPort}/");
}
