using System.Globalization;
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

    [Fact]
    public async Task An_idle_embedded_server_wakes_its_timer_thread_only_a_few_times_a_second()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chapp-idle-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = await ChappProcess.StartAsync(new Dictionary<string, string> { ["Chapp__SqlitePath"] = Path.Combine(folder, "chapp.db") });
            await Task.Delay(TimeSpan.FromSeconds(5)); // start-up's own work settles

            var window = TimeSpan.FromSeconds(10);
            var before = TimerThreadWakeups(app.Id);
            await Task.Delay(window);
            var perSecond = (TimerThreadWakeups(app.Id) - before) / window.TotalSeconds;

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

    private static List<string> ThreadNames(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task").Select(task => File.ReadAllText(Path.Combine(task, "comm")).Trim()).ToList();

    // The runtime names it ".NET Timer"; voluntary switches are its sleeps, one per wake-up.
    private static long TimerThreadWakeups(int pid)
    {
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Timer")
            {
                var line = File.ReadLines(Path.Combine(task, "status")).First(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal));
                return long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"Process {pid} has no .NET Timer thread.");
    }
}
