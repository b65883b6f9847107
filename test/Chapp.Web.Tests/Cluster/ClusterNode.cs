using System.Globalization;

namespace Chapp.Web.Tests.Cluster;

/// <summary>One Chapp process of a PostgreSQL cluster started by a test, with the silo port that names it in Orleans.</summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private ClusterNode(ChappProcess process, int siloPort)
    {
        Process = process;
        SiloPort = siloPort;
    }

    /// <summary>The process.</summary>
    public ChappProcess Process { get; }

    /// <summary>Its silo port.</summary>
    public int SiloPort { get; }

    /// <summary>Its base URL.</summary>
    public Uri Url => Process.Url;

    /// <summary>
    /// Starts a node of cluster <paramref name="clusterId"/> on <paramref name="connectionString"/> (free ports,
    /// abuse limits out of the way of a drill's pace), plus <paramref name="extra"/> settings.
    /// </summary>
    public static async Task<ClusterNode> StartAsync(string connectionString, string clusterId, string home,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        var siloPort = AppFixture.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["Chapp__Database"] = "PostgreSql",
            ["Chapp__PostgresConnectionString"] = connectionString,
            ["Chapp__ClusterId"] = clusterId,
            ["Chapp__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Chapp__GatewayPort"] = AppFixture.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Chapp__Limits__SendPerSecond"] = "1000",
            ["Chapp__Limits__SendBurst"] = "1000",
            ["Chapp__Limits__AuthPerMinute"] = "1000",
            // Until Data Protection keys live in the database, nodes share keys (and cookies) only through one home.
            ["HOME"] = home,
        };
        if (Environment.GetEnvironmentVariable("CHAPP_DRILL_DEBUG") is { Length: > 0 } debug)
        {
            environment["Logging__LogLevel__" + debug] = "Debug";
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return new ClusterNode(await ChappProcess.StartAsync(AppFixture.FreePort(), environment), siloPort);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
