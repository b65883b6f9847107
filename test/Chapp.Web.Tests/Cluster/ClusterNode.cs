namespace Chapp.Web.Tests.Cluster;

/// <summary>Starts Chapp processes of a PostgreSQL cluster for drills (Testing environment: the drill endpoints).</summary>
public static class ClusterNode
{
    /// <summary>
    /// Starts a node of cluster <paramref name="clusterId"/> on <paramref name="connectionString"/>, with its own HOME
    /// (keys are in the database) and the abuse limits out of the way of a drill's pace.
    /// </summary>
    public static Task<ChappProcess> StartAsync(string connectionString, string clusterId)
    {
        var settings = ChappProcess.OnPostgres(connectionString);
        settings["Chapp__ClusterId"] = clusterId;
        settings["Chapp__Limits__SendPerSecond"] = "1000";
        settings["Chapp__Limits__SendBurst"] = "1000";
        settings["Chapp__Limits__AuthPerMinute"] = "1000";
        settings["Chapp__Limits__HistoryPerMinute"] = "100000";
        if (Environment.GetEnvironmentVariable("CHAPP_DRILL_DEBUG") is { Length: > 0 } debug)
        {
            settings["Logging__LogLevel__" + debug] = "Debug";
        }

        return ChappProcess.StartAsync(settings, environment: "Testing");
    }

    /// <summary>kill -9, returning once the process is gone.</summary>
    public static async Task KillAsync(this ChappProcess node)
    {
        node.Kill();
        await node.WaitForExitAsync(TimeSpan.FromSeconds(10));
    }
}
