using System.Collections.Concurrent;

namespace Chapp.Web.Security;

/// <summary>
/// Token buckets by key that refill when they are used, not on a timer, so an idle server never wakes for them
/// (System.Threading.RateLimiting's partitioned limiter ticks every 100 ms for as long as it exists). A bucket
/// gains <see cref="BucketRule.PerPeriod"/> tokens per whole period since it last gained any, up to its limit,
/// the same schedule as an auto-replenishing token bucket or, with <c>PerPeriod = Limit</c>, a fixed window.
/// </summary>
/// <typeparam name="TKey">What a bucket belongs to (a user and an action, a client address).</typeparam>
public sealed class TokenBuckets<TKey>(TimeProvider clock) where TKey : notnull
{
    /// <summary>How often, at most, a take also drops buckets that have refilled (they would be created full).</summary>
    internal static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<TKey, Bucket> _buckets = new();
    private readonly long _origin = clock.GetTimestamp();
    private long _nextSweep = SweepPeriod.Ticks;

    /// <summary>Buckets held (full ones are dropped by the next sweep).</summary>
    public int Count => _buckets.Count;

    /// <summary>Takes a token from <paramref name="key"/>'s bucket (made full by <paramref name="rule"/>); false when empty.</summary>
    public bool TryTake(TKey key, BucketRule rule)
    {
        var now = Now();
        if (now >= Interlocked.Read(ref _nextSweep))
        {
            Sweep(now);
        }

        var bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state.rule, state.now), (rule, now));
        return bucket.TryTake(now);
    }

    private long Now() => clock.GetElapsedTime(_origin).Ticks;

    private void Sweep(long now)
    {
        var due = Interlocked.Read(ref _nextSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextSweep, now + SweepPeriod.Ticks, due) != due)
        {
            return; // Another take is sweeping.
        }

        foreach (var (key, bucket) in _buckets)
        {
            // A take racing with this removal lands on the dropped bucket: at worst one token more, for a key that
            // had a full bucket a moment ago.
            if (bucket.IsFull(now))
            {
                _buckets.TryRemove(new KeyValuePair<TKey, Bucket>(key, bucket));
            }
        }
    }

    private sealed class Bucket(BucketRule rule, long now)
    {
        private readonly Lock _lock = new();
        private long _tokens = rule.Limit;
        private long _since = now;

        public bool TryTake(long now)
        {
            lock (_lock)
            {
                Refill(now);
                if (_tokens <= 0)
                {
                    return false;
                }

                _tokens--;
                return true;
            }
        }

        public bool IsFull(long now)
        {
            lock (_lock)
            {
                Refill(now);
                return _tokens >= rule.Limit;
            }
        }

        private void Refill(long now)
        {
            var periods = (now - _since) / rule.Period.Ticks;
            if (periods <= 0)
            {
                return;
            }

            _since += periods * rule.Period.Ticks;
            _tokens = (long)Math.Min(rule.Limit, _tokens + (double)periods * rule.PerPeriod);
        }
    }
}
