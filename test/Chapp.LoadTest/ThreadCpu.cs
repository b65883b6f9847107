using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>
/// CPU of a process's threads, by thread name (/proc/pid/task/*/comm, at most 15 characters): which of them an idle
/// server spends its time in (the .NET timer thread, thread-pool workers, tiered compilation, Kestrel's heartbeat...).
/// </summary>
public static class ThreadCpu
{
    private const double ClockTicksPerSecond = 100; // USER_HZ, as in ProcessMonitor

    /// <summary>Each live thread's id, name and user + system CPU ticks so far.</summary>
    public static IReadOnlyDictionary<int, (string Name, long Ticks)> Snapshot(int pid)
    {
        var threads = new Dictionary<int, (string, long)>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (File.ReadAllText(Path.Combine(task, "comm")).Trim(), ticks);
                }
                catch (IOException)
                {
                    // The thread ended while we read.
                }
            }
        }
        catch (IOException)
        {
            // The process ended.
        }

        return threads;
    }

    /// <summary>
    /// CPU per thread name between two snapshots, in % of a core over <paramref name="seconds"/>, busiest first
    /// (threads that ended in between are left out; threads born in between count from zero).
    /// </summary>
    public static IReadOnlyList<(string Name, double CpuPercent)> Between(
        IReadOnlyDictionary<int, (string Name, long Ticks)> before,
        IReadOnlyDictionary<int, (string Name, long Ticks)> after,
        double seconds) =>
        after
            .Select(thread => (thread.Value.Name, Ticks: thread.Value.Ticks - (before.TryGetValue(thread.Key, out var earlier) ? earlier.Ticks : 0)))
            .GroupBy(thread => thread.Name)
            .Select(group => (group.Key, group.Sum(thread => thread.Ticks) / ClockTicksPerSecond / seconds * 100))
            .Where(thread => thread.Item2 > 0)
            .OrderByDescending(thread => thread.Item2)
            .ToList();
}
