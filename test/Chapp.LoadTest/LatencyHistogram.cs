using System.Numerics;

namespace Chapp.LoadTest;

/// <summary>
/// A lock-free log-linear histogram of microsecond values (HdrHistogram-like, 64 sub-buckets per power of two,
/// so about 1.6 % resolution). Recording is three interlocked adds and no allocation; safe from any thread.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;          // 64
    private const int LinearLimit = SubBuckets * 2;             // values below 128 µs are exact
    private const int MaxMsb = 40;                              // ~12.7 days in µs: plenty
    private const int BucketCount = LinearLimit + (MaxMsb - SubBucketBits) * SubBuckets;

    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _sum;
    private long _max;

    /// <summary>How many values were recorded.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Records one value in microseconds (negative values count as zero).</summary>
    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, micros);
        var max = Volatile.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>Records the time between two <see cref="System.Diagnostics.Stopwatch"/> timestamps.</summary>
    public void RecordTicks(long fromTimestamp, long toTimestamp) => Record(Clock.TicksToMicros(toTimestamp - fromTimestamp));

    /// <summary>Summarises the recorded values in milliseconds.</summary>
    public LatencySummary Summarize()
    {
        var count = Count;
        if (count == 0)
        {
            return LatencySummary.Empty;
        }

        return new LatencySummary(
            count,
            Ms(ValueAtPercentile(50, count)),
            Ms(ValueAtPercentile(90, count)),
            Ms(ValueAtPercentile(99, count)),
            Ms(ValueAtPercentile(99.9, count)),
            Ms(Volatile.Read(ref _max)),
            Math.Round(Volatile.Read(ref _sum) / (double)count / 1000.0, 3));
    }

    private long ValueAtPercentile(double percentile, long count)
    {
        var rank = (long)Math.Ceiling(percentile / 100.0 * count);
        rank = Math.Clamp(rank, 1, count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(HighestValueOf(i), Volatile.Read(ref _max));
            }
        }

        return Volatile.Read(ref _max);
    }

    private static int IndexOf(long micros)
    {
        if (micros < LinearLimit)
        {
            return (int)micros;
        }

        var msb = 63 - BitOperations.LeadingZeroCount((ulong)micros);
        if (msb >= MaxMsb)
        {
            return BucketCount - 1;
        }

        var shift = msb - SubBucketBits;                       // >= 1
        var top = (int)(micros >> shift);                      // 64..127
        return LinearLimit + ((shift - 1) * SubBuckets) + (top - SubBuckets);
    }

    private static long HighestValueOf(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var offset = index - LinearLimit;
        var shift = (offset / SubBuckets) + 1;
        var top = (long)((offset % SubBuckets) + SubBuckets);
        return ((top + 1) << shift) - 1;
    }

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}
