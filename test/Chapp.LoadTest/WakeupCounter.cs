using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>
/// Counts a process's wake-ups (voluntary + involuntary context switches of its threads, from
/// /proc/pid/task/*/status) over a window, thread by thread. A sum over the live threads at the start and at the end
/// is wrong both ways: a thread that ends in the window takes its whole lifetime's count out of the second sum (the
/// thread pool retires idle workers, so an idle server read negative), and one that is born and ends inside it is
/// never seen. Here each sample adds, per thread id, what it switched since the last sample (a new id counts from
/// zero), so a thread that ends loses at most what it did since the last sample.
/// </summary>
public sealed class WakeupCounter
{
    private readonly int _pid;
    private IReadOnlyDictionary<int, long> _last;
    private long _total;

    /// <summary>Starts counting process <paramref name="pid"/> now.</summary>
    public WakeupCounter(int pid)
        : this(pid, Snapshot(pid))
    {
    }

    /// <summary>Starts counting from <paramref name="baseline"/> (each thread id's context switches so far).</summary>
    public WakeupCounter(int pid, IReadOnlyDictionary<int, long> baseline)
    {
        _pid = pid;
        _last = baseline;
    }

    /// <summary>Wake-ups counted since the start, up to the last sample.</summary>
    public long Total => _total;

    /// <summary>Reads the process's threads now and adds what they did since the last sample.</summary>
    public void Sample() => Add(Snapshot(_pid));

    /// <summary>Adds a snapshot: per thread, its switches since the last one (a thread not seen before counts from zero).</summary>
    public void Add(IReadOnlyDictionary<int, long> snapshot)
    {
        foreach (var (tid, switches) in snapshot)
        {
            // A lower count under a known id is a new thread that reused the id.
            _total += _last.TryGetValue(tid, out var before) && switches >= before ? switches - before : switches;
        }

        _last = snapshot;
    }

    /// <summary>Each live thread's id and its voluntary + involuntary context switches so far.</summary>
    public static IReadOnlyDictionary<int, long> Snapshot(int pid)
    {
        var threads = new Dictionary<int, long>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    long switches = 0;
                    foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                            || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                        {
                            switches += long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
                        }
                    }

                    threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = switches;
                }
                catch (IOException)
                {
                    // The thread ended while we read.
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return threads;
    }
}
