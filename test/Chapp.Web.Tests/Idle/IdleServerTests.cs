using System.Globalization;
using Chapp.Grains.Tests;
using Chapp.Web.Tests.Cluster;

namespace Chapp.Web.Tests.Idle;

/// <summary>
/// An embedded Chapp server (SQLite, one silo, Production) with nobody connected sleeps: its .NET timer thread, which
/// wakes for every timer due in the process, wakes a few times a second, not dozens.
/// </summary>
/// <remarks>
/// Measured (docs/PERFORMANCE.md, "Idle server"): 58–115 wake-ups/s before, when two partitioned rate limiters
/// ticked every 100 ms (20 timer callbacks/s), membership's thread-pool stall sampler every 100 ms (10/s) and the
/// load publisher every second; about 16/s after. Each of those, back, would cross the bound.
/// And it has no thread polling the runtime's EventCounters (Orleans' own environment statistics kept one, waking
/// every second; seen failing with them put back).
/// </remarks>
[Collection(ProcessCollection.Name)]
public sealed class IdleServerTests
{
    private const double MaxTimerWakeupsPerSecond = 30;
    // ".NET Counter Poller", cut to Linux's 15 characters of a thread name.
    private const string CounterPollerThread = ".NET Counter Po";
    // Chapp's "Chapp stall tick", cut the same way.
    private const string StallTickThread = "Chapp stall tic";

    [Fact]
    public async Task An_idle_embedded_server_wakes_its_timer_thread_only_a_few_times_a_second()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chapp-idle-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = await ChappProcess.StartAsync(new Dictionary<string, string> { ["Chapp__SqlitePath"] = Path.Combine(folder, "chapp.db") });
            await Task.Delay(TimeSpan.FromSeconds(5)); // start-up's own work settles

            var window = TimeSpan.FromSeconds(10);
            var perSecond = await WakeupsPerSecondAsync(app.Id, ".NET Timer", window);

            Assert.True(perSecond < MaxTimerWakeupsPerSecond, $"The idle server's timer thread woke {perSecond:F1} times a second (bound {MaxTimerWakeupsPerSecond}).");
            // Orleans' own environment statistics keep the runtime's EventCounters on, polled every second by a thread of
            // their own; Chapp's are read on demand (OnDemandEnvironmentStatistics), so no such thread exists.
            Assert.DoesNotContain(CounterPollerThread, ThreadNames(app.Id));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task An_idle_lone_PostgreSQL_silo_sleeps_like_the_embedded_one()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = await ChappProcess.StartAsync(ChappProcess.OnPostgres(database.ConnectionString));
        await Task.Delay(TimeSpan.FromSeconds(5));

        // Measured: 41 wake-ups/s with membership's stall sampler on the .NET timer, 17 with it on a thread of its own.
        var perSecond = await WakeupsPerSecondAsync(app.Id, ".NET Timer", TimeSpan.FromSeconds(10));

        Assert.True(perSecond < MaxTimerWakeupsPerSecond, $"The idle silo's timer thread woke {perSecond:F1} times a second (bound {MaxTimerWakeupsPerSecond}).");
    }

    [Fact]
    public async Task A_cluster_silo_samples_thread_pool_stalls_on_the_pool_exactly_while_it_has_a_peer()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var settings = ChappProcess.OnPostgres(database.ConnectionString);
        await using var a = await ChappProcess.StartAsync(settings);
        Assert.True(await WakeupsPerSecondAsync(a.Id, StallTickThread, TimeSpan.FromSeconds(3)) >= 5, "alone, the sampler should tick on its own thread");

        await using (var b = await ChappProcess.StartAsync(settings))
        {
            // With a peer, probes need the sampler to measure the thread pool: its own thread falls silent, on both.
            Assert.True(await EventuallyAsync(async () => await WakeupsPerSecondAsync(a.Id, StallTickThread, TimeSpan.FromSeconds(2)) < 1), "a kept ticking off the pool with b in the cluster");
            Assert.True(await WakeupsPerSecondAsync(b.Id, StallTickThread, TimeSpan.FromSeconds(2)) < 1, "b ticked off the pool with a in the cluster");
        }

        // b was killed; once the cluster declares it dead, a is alone again.
        Assert.True(await EventuallyAsync(async () => await WakeupsPerSecondAsync(a.Id, StallTickThread, TimeSpan.FromSeconds(2)) >= 5), "a never went back to its own thread");
        // The cadence never paused, so no gap reads as a stall (a complaint that would mark the silo unhealthy).
        Assert.DoesNotContain("Thread Pool execution stalled", a.Output, StringComparison.Ordinal);
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<double> WakeupsPerSecondAsync(int pid, string thread, TimeSpan window)
    {
        var before = ThreadWakeups(pid, thread);
        await Task.Delay(window);
        return (ThreadWakeups(pid, thread) - before) / window.TotalSeconds;
    }

    private static List<string> ThreadNames(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim()).ToList();

    // Voluntary switches are a thread's sleeps, one per wake-up (the runtime names its timer thread ".NET Timer").
    private static long ThreadWakeups(int pid, string thread)
    {
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == thread)
            {
                var line = File.ReadLines(Path.Combine(task, "status")).First(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal));
                return long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"Process {pid} has no {thread} thread.");
    }
}
