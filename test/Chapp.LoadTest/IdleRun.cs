using System.Globalization;
using System.Text.Json;

namespace Chapp.LoadTest;

/// <summary>
/// The idle scenario: a server with no connections, after start-up. Waits <c>W</c> s after /healthz, then reads its
/// CPU seconds, its threads' context switches and which threads used the CPU over <c>D</c> s.
/// </summary>
public static class IdleRun
{
    /// <summary>Measures one started server and prints (and returns) its line.</summary>
    public static async Task<IdleResult> MeasureAsync(string label, ProcessMonitor monitor, double settle, double window, string? jsonOut, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(settle), cancellationToken);
        var cpu0 = monitor.CpuSeconds();
        var wakeups = new WakeupCounter(monitor.Pid);
        var load0 = Machine.LoadAverage();
        var threads0 = ThreadCpu.Snapshot(monitor.Pid);
        var end = Clock.Now + Clock.SecondsToTicks(window);
        while (Clock.Now < end)
        {
            // Sampled each second so a thread-pool worker retired in the window keeps what it did (WakeupCounter).
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(1, Math.Max(0, Clock.Seconds(Clock.Now, end)))), cancellationToken);
            wakeups.Sample();
        }

        var threads = ThreadCpu.Between(threads0, ThreadCpu.Snapshot(monitor.Pid), window);
        var result = new IdleResult(
            label,
            window,
            (monitor.CpuSeconds() - cpu0) / window * 100,
            wakeups.Total / window,
            monitor.PeakRssMb,
            load0,
            Machine.LoadAverage());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"idle {label,-28} CPU {result.CpuPercent,6:F2} % of a core   wake-ups {result.WakeupsPerSecond,8:F1}/s   RSS {result.RssMb,5:F0} MiB   load {result.LoadBefore:F2} -> {result.LoadAfter:F2}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"     by thread: {string.Join(", ", threads.Take(6).Select(t => $"{t.Name} {t.CpuPercent:F2} %"))}"));
        var json = JsonSerializer.Serialize(result);
        Console.WriteLine("RESULT " + json);
        if (jsonOut is not null)
        {
            await File.AppendAllTextAsync(jsonOut, json + Environment.NewLine, cancellationToken);
        }

        return result;
    }
}
