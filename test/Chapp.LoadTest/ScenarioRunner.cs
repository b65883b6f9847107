using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>Runs the chosen scenario: sets up servers and databases for each phase, runs it, prints each result.</summary>
public sealed partial class ScenarioRunner(LoadOptions options)
{
    private readonly List<RunResult> _results = [];
    private bool _warmedUp;

    /// <summary>The results printed so far.</summary>
    public IReadOnlyList<RunResult> Results => _results;

    /// <summary>Runs <see cref="LoadOptions.Scenario"/>.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (options.Url is { } url)
        {
            await ExternalFanoutAsync(url, cancellationToken);
            return;
        }

        await using var workspace = await Workspace.CreateAsync(options, cancellationToken);
        try
        {
            switch (options.Scenario)
            {
                case "fanout":
                    await SingleServerAsync(workspace, "fanout", "main", Plan(100, 5, 10, 20, 5), null, cancellationToken);
                    break;
                case "history":
                    await HistoryAsync(workspace, cancellationToken);
                    break;
                case "rooms":
                    await SingleServerAsync(workspace, "rooms", "main", RoomsPlan(), null, cancellationToken);
                    break;
                case "join":
                    foreach (var n in options.N is { } only ? [only] : options.NList)
                    {
                        await SingleServerAsync(workspace, "join", string.Create(CultureInfo.InvariantCulture, $"n={n}"), Plan(n, 1, 1, 5, 2) with { N = n, Users = options.Users ?? Math.Min(n, 100) }, null, cancellationToken);
                    }

                    break;
                case "cluster":
                    await ClusterAsync(workspace, Plan(100, 5, 10, 20, 5), cancellationToken);
                    break;
                case "idle":
                    await IdleAsync(workspace, cancellationToken);
                    break;
                case "search":
                    await new SearchRun(options, workspace).RunAsync(cancellationToken);
                    break;
            }
        }
        catch
        {
            workspace.KeepForInspection = true;
            throw;
        }
    }

    private async Task ExternalFanoutAsync(Uri url, CancellationToken cancellationToken)
    {
        using var monitor = options.ServerPid is { } pid ? new ProcessMonitor(pid) : null;
        var plan = Plan(100, 5, 10, 20, 5) with { ReceiverUrl = url, SenderUrl = url };
        await RunPlanAsync(plan, monitor is null ? [] : [monitor], cancellationToken);
    }

    private async Task<RunResult> SingleServerAsync(Workspace workspace, string scenario, string phase, PlanDefaults defaults, int? prefill, CancellationToken cancellationToken)
    {
        var database = await workspace.NewDatabaseAsync(phase, cancellationToken);
        if (prefill is { } rows)
        {
            await PrefillAsync(workspace, database, rows, cancellationToken);
        }

        if (scenario is "fanout" or "join" or "rooms" && (options.Baseline || options.Variants.Count > 0))
        {
            return await ComparedAsync(workspace, scenario, phase, defaults, database, cancellationToken);
        }

        return await RunOnAsync(workspace, database, scenario, phase, defaults, cancellationToken);
    }

    // One fresh server on the database, one run of the plan, the server stopped.
    private async Task<RunResult> RunOnAsync(Workspace workspace, DatabaseTarget database, string scenario, string phase, PlanDefaults defaults, CancellationToken cancellationToken)
    {
        await using var server = await workspace.StartServerAsync(database, 0, NewClusterId(), cancellationToken);
        var plan = defaults with { Scenario = scenario, Phase = phase, Database = database.Kind, ReceiverUrl = server.Url, SenderUrl = server.Url, CreateRooms = defaults.Rooms > 1 };
        return await RunPlanAsync(plan, [server.Monitor], cancellationToken);
    }

    // Start once so the server creates its schema, stop it, fill the log.
    private async Task PrefillAsync(Workspace workspace, DatabaseTarget database, int rows, CancellationToken cancellationToken)
    {
        await using (var first = await workspace.StartServerAsync(database, 0, NewClusterId(), cancellationToken))
        {
            await first.StopAsync();
        }

        await LogPrefill.FillAsync(database, LogPrefill.OneRoom(options.Room, rows), cancellationToken);
    }

    private static string NewClusterId() => $"load-{Guid.NewGuid():N}"[..16];

    // The tool's first run pays for its own JIT and heap growth (measured: 12.9 s of client CPU in the first of five
    // 5,000-join runs of one invocation, 6.3–7.4 s in the others), on the cores the server shares. Without this the
    // first server alone would pay. A run of the same shape and length (at most 1,000 connections) against a bare hub
    // warms the tool; not measured (PlanDefaults.WarmUp says why full length).
    private async Task WarmUpAsync(Workspace workspace, PlanDefaults defaults, CancellationToken cancellationToken)
    {
        _warmedUp = true;
        await using var bare = await workspace.StartBaselineAsync(cancellationToken);
        var plan = defaults.WarmUp() with { Phase = "warm-up (not measured)", Database = "none", ReceiverUrl = bare.Url, SenderUrl = bare.Url };
        var run = new RunPlan(plan.Scenario, plan.Phase, plan.Database, bare.Url, bare.Url, plan.N, plan.S, plan.R, plan.D, plan.W,
            plan.Users, options.Room, plan.SendersReceive, plan.Rooms, plan.CreateRooms);
        var result = await new FanoutRun(run, options, [bare.Monitor]).RunAsync(cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[warm-up] {result.N} connections in {result.ConnectJoinSeconds:F2} s, client CPU {result.ClientCpuSeconds:F1} s (send phase {result.ClientCpuSendPhaseSeconds:F1} s, JIT {result.ClientJitMs:F0} ms), p50 {result.Latency.P50:F1} ms (not measured)"));
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
    }

    // Chapp with its defaults, then each --variant, then (--baseline) the bare hub: one after the other, so the
    // machine's other load weighs on all of them alike.
    private async Task IdleAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var settle = options.W ?? 20;
        var window = options.D ?? 60;
        var results = new List<IdleResult>();
        foreach (var variant in (IdleVariant[])[new IdleVariant("chapp", []), .. options.Variants])
        {
            var database = await workspace.NewDatabaseAsync("idle-" + variant.Name, cancellationToken);
            await using var server = await workspace.StartServerAsync(database, 0, $"load-{Guid.NewGuid():N}"[..16], cancellationToken, variant.Settings);
            results.Add(await IdleRun.MeasureAsync(variant.Name, server.Monitor, settle, window, options.JsonOut, cancellationToken));
        }

        if (options.Baseline)
        {
            await using var bare = await workspace.StartBaselineAsync(cancellationToken);
            results.Add(await IdleRun.MeasureAsync("bare hub", bare.Monitor, settle, window, options.JsonOut, cancellationToken));
        }

        Console.WriteLine();
        foreach (var result in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Server} | {result.CpuPercent:F2} % | {result.WakeupsPerSecond:F0}/s | {result.RssMb:F0} MiB | {result.LoadBefore:F1} |"));
        }
    }

    private async Task ClusterAsync(Workspace workspace, PlanDefaults defaults, CancellationToken cancellationToken)
    {
        var database = await workspace.NewDatabaseAsync("cluster", cancellationToken);
        var clusterId = $"load-{Guid.NewGuid():N}"[..16];
        await using var a = await workspace.StartServerAsync(database, 0, clusterId, cancellationToken);
        await using var b = await workspace.StartServerAsync(database, 1, clusterId, cancellationToken);
        var plan = defaults with
        {
            Scenario = "cluster",
            Phase = "receivers@a senders@b",
            Database = database.Kind,
            ReceiverUrl = a.Url,
            SenderUrl = b.Url,
            SendersReceive = false,
        };
        await RunPlanAsync(plan, [a.Monitor, b.Monitor], cancellationToken);
    }

    private async Task<RunResult> RunPlanAsync(PlanDefaults defaults, IReadOnlyList<ProcessMonitor> monitors, CancellationToken cancellationToken)
    {
        var plan = new RunPlan(defaults.Scenario, defaults.Phase, defaults.Database, defaults.ReceiverUrl!, defaults.SenderUrl!,
            defaults.N, defaults.S, defaults.R, defaults.D, defaults.W, defaults.Users, options.Room, defaults.SendersReceive,
            defaults.Rooms, defaults.CreateRooms);
        var result = await new FanoutRun(plan, options, monitors).RunAsync(cancellationToken);
        _results.Add(result);
        Reporter.Print(result, options.JsonOut);
        return result;
    }

    // Many small rooms, the shape of a real company: 10,000 connections in 2,000 rooms of 5, one sender per room,
    // 1,000 posts/s in all. Connections share min(N, 100) accounts (senders too: the tool raises the send limits).
    private PlanDefaults RoomsPlan()
    {
        var rooms = options.Rooms ?? 2000;
        var n = options.N ?? rooms * 5;
        var s = options.S ?? rooms;
        var r = options.R ?? (options.Rate ?? 1000) / s;
        return new PlanDefaults("rooms", "main", options.Start ?? "?", null, null,
            n, s, r, options.D ?? 20, options.W ?? 5, options.Users ?? Math.Min(n, 100), true, rooms);
    }

    private PlanDefaults Plan(int n, int s, double r, double d, double w)
    {
        var nn = options.N ?? n;
        var ss = options.S ?? s;
        return new PlanDefaults(options.Scenario, "main", options.Url is null ? options.Start ?? "?" : "external", null, null,
            nn, ss, options.R ?? r, options.D ?? d, options.W ?? w, options.Users ?? Math.Max(ss, Math.Min(nn, 100)), true);
    }
}
