using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Chapp.Grains.Tracing;

/// <summary>The state behind <see cref="PostTrace"/>: the marks of posts in flight, the finished stages, the queue samples.</summary>
internal sealed class PostTraceRecorder
{
    // Stages reported, as (from, to): the hops in path order, then the two ends a reader wants at a glance.
    private static readonly (PostHop From, PostHop To)[] Stages =
    [
        (PostHop.Scheduled, PostHop.HubEntry),
        (PostHop.HubEntry, PostHop.GrainEntry),
        (PostHop.GrainEntry, PostHop.CommitStart),
        (PostHop.CommitStart, PostHop.WriterTook),
        (PostHop.WriterTook, PostHop.WriterDone),
        (PostHop.WriterDone, PostHop.GrainResumed),
        (PostHop.GrainResumed, PostHop.Offered),
        (PostHop.Offered, PostHop.PumpTook),
        (PostHop.PumpTook, PostHop.SendReturned),
        (PostHop.SendReturned, PostHop.Settled),
        (PostHop.GrainResumed, PostHop.HubResumed),
        (PostHop.HubEntry, PostHop.SendReturned),
        (PostHop.Scheduled, PostHop.SendReturned),
        (PostHop.Scheduled, PostHop.HubResumed),
    ];

    private readonly ConcurrentDictionary<string, long[]> _inFlight = new(StringComparer.Ordinal);
    private readonly List<double>[] _stages = Stages.Select(_ => new List<double>()).ToArray();
    private readonly List<int> _pending = [];
    private readonly List<int> _threads = [];
    private readonly string _file;
    private long _lastMark;

    private PostTraceRecorder(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        _file = Path.Combine(directory, $"post-trace-{Environment.ProcessId}.txt");
    }

    public static PostTraceRecorder Start(string directory)
    {
        var recorder = new PostTraceRecorder(directory);
        new Thread(recorder.SampleLoop) { IsBackground = true, Name = "Chapp post trace" }.Start();
        return recorder;
    }

    public void Mark(string id, PostHop hop, long timestamp)
    {
        var marks = _inFlight.GetOrAdd(id, static _ => new long[(int)PostHop.Count]);
        Interlocked.CompareExchange(ref marks[(int)hop], timestamp, 0);
        Volatile.Write(ref _lastMark, timestamp);
    }

    private void SampleLoop()
    {
        var lastWrite = Stopwatch.GetTimestamp();
        for (;;)
        {
            Thread.Sleep(5);
            var now = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastMark), now) < TimeSpan.FromSeconds(1))
            {
                _pending.Add((int)Math.Min(int.MaxValue, ThreadPool.PendingWorkItemCount));
                _threads.Add(ThreadPool.ThreadCount);
            }

            if (Stopwatch.GetElapsedTime(lastWrite, now) >= TimeSpan.FromSeconds(1))
            {
                lastWrite = now;
                Collect(now);
                Write();
            }
        }
    }

    // Takes the posts whose hops have all passed out of flight into the stage lists.
    private void Collect(long now)
    {
        foreach (var (id, marks) in _inFlight)
        {
            // Untouched for 2 s: every hop it will pass has passed (a hop takes milliseconds, or the run has collapsed).
            if (Stopwatch.GetElapsedTime(marks.Max(), now) < TimeSpan.FromSeconds(2))
            {
                continue;
            }

            _inFlight.TryRemove(id, out _);
            for (var i = 0; i < Stages.Length; i++)
            {
                var (from, to) = (marks[(int)Stages[i].From], marks[(int)Stages[i].To]);
                if (from != 0 && to != 0)
                {
                    _stages[i].Add(Stopwatch.GetElapsedTime(from, to).TotalMilliseconds);
                }
            }
        }
    }

    private void Write()
    {
        var text = new StringBuilder();
        text.AppendLine("stage (ms)\tcount\tp50\tp90\tp99");
        for (var i = 0; i < Stages.Length; i++)
        {
            var sorted = _stages[i].Order().ToArray();
            text.Append(CultureInfo.InvariantCulture, $"{Stages[i].From} -> {Stages[i].To}\t{sorted.Length}\t");
            text.AppendLine(CultureInfo.InvariantCulture, $"{At(sorted, 0.5):F2}\t{At(sorted, 0.9):F2}\t{At(sorted, 0.99):F2}");
        }

        var pending = _pending.Order().Select(p => (double)p).ToArray();
        var threads = _threads.Order().Select(t => (double)t).ToArray();
        text.AppendLine(CultureInfo.InvariantCulture, $"thread pool queue\t{pending.Length}\t{At(pending, 0.5):F0}\t{At(pending, 0.9):F0}\t{At(pending, 0.99):F0}");
        text.AppendLine(CultureInfo.InvariantCulture, $"thread pool threads\t{threads.Length}\t{At(threads, 0.5):F0}\t{At(threads, 0.9):F0}\t{At(threads, 0.99):F0}");
        try
        {
            File.WriteAllText(_file, text.ToString());
        }
        catch (IOException)
        {
            // A diagnostic: the next second tries again.
        }
    }

    private static double At(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];
}
