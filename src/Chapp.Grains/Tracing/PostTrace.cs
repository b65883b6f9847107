using System.Diagnostics;
using System.Globalization;

namespace Chapp.Grains.Tracing;

/// <summary>
/// A latency budget of the post path, for load tests only: with <c>CHAPP_POST_TRACE</c> set to a directory, each hop
/// of each post (keyed by its client message id) is timestamped, and once a second the per-stage p50 / p90 / p99 and
/// the thread pool's queue length (sampled every 5 ms while posts flow) are written to
/// <c>post-trace-{pid}.txt</c> there. Unset (always, outside load tests), <see cref="Mark"/> is one static read.
/// </summary>
public static partial class PostTrace
{
    /// <summary>The environment variable naming the directory the budget is written to.</summary>
    public const string Variable = "CHAPP_POST_TRACE";

    private static readonly string? Directory = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } dir ? dir : null;
    private static readonly PostTraceRecorder? Recorder = Directory is null ? null : PostTraceRecorder.Start(Directory);

    /// <summary>Whether the trace is on in this process.</summary>
    public static bool Enabled => Recorder is not null;

    /// <summary>Records that the post <paramref name="clientMessageId"/> reached <paramref name="hop"/> now (the first time only).</summary>
    public static void Mark(string clientMessageId, PostHop hop)
    {
        if (Recorder is { } recorder)
        {
            recorder.Mark(clientMessageId, hop, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Records the scheduled send time a load-test text carries (<c>lt:run:sender:index:timestamp</c>).</summary>
    public static void MarkScheduled(string clientMessageId, string text)
    {
        if (Recorder is { } recorder && text.StartsWith("lt:", StringComparison.Ordinal))
        {
            var digits = text.AsSpan(text.LastIndexOf(':') + 1);
            var end = 0;
            while (end < digits.Length && char.IsAsciiDigit(digits[end]))
            {
                end++;
            }

            if (long.TryParse(digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var scheduled))
            {
                recorder.Mark(clientMessageId, PostHop.Scheduled, scheduled);
            }
        }
    }
}
