using Chapp.Web.Security;

namespace Chapp.Web.Tests.Idle;

/// <summary>
/// The abuse limits' buckets refill on use instead of on a timer: the limits a user meets stay what they were
/// (a burst, then one more per period, never more than the burst after a pause), and forgotten buckets go away.
/// </summary>
public sealed class TokenBucketTests
{
    private static readonly BucketRule ThreeThenOnePerSecond = new(3, 1, TimeSpan.FromSeconds(1));

    [Fact]
    public void A_burst_passes_then_the_next_waits_for_a_whole_period()
    {
        var clock = new ManualClock();
        var buckets = new TokenBuckets<string>(clock);

        Assert.Equal([true, true, true, false], Take(buckets, "ann", ThreeThenOnePerSecond, 4));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(buckets.TryTake("ann", ThreeThenOnePerSecond));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([true, false], Take(buckets, "ann", ThreeThenOnePerSecond, 2));
    }

    [Fact]
    public void A_long_pause_refills_no_more_than_the_burst()
    {
        var clock = new ManualClock();
        var buckets = new TokenBuckets<string>(clock);
        Take(buckets, "ann", ThreeThenOnePerSecond, 3);

        clock.Advance(TimeSpan.FromSeconds(30)); // 30 periods, inside one sweep period (a sweep would start afresh)

        Assert.Equal([true, true, true, false], Take(buckets, "ann", ThreeThenOnePerSecond, 4));
    }

    [Fact]
    public void A_minute_window_gives_its_whole_allowance_back_a_minute_after_the_first_use()
    {
        var clock = new ManualClock();
        var buckets = new TokenBuckets<string>(clock);
        var threePerMinute = new BucketRule(3, 3, TimeSpan.FromMinutes(1));

        Assert.Equal([true, true, true, false], Take(buckets, "10.0.0.1", threePerMinute, 4));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(buckets.TryTake("10.0.0.1", threePerMinute));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([true, true, true, false], Take(buckets, "10.0.0.1", threePerMinute, 4));
    }

    [Fact]
    public void One_key_spending_its_bucket_leaves_another_keys_untouched()
    {
        var buckets = new TokenBuckets<string>(new ManualClock());
        Take(buckets, "ann", ThreeThenOnePerSecond, 3);

        Assert.False(buckets.TryTake("ann", ThreeThenOnePerSecond));
        Assert.True(buckets.TryTake("bob", ThreeThenOnePerSecond));
    }

    [Fact]
    public void Buckets_that_have_refilled_are_dropped_and_spent_ones_are_kept()
    {
        var clock = new ManualClock();
        var buckets = new TokenBuckets<string>(clock);
        for (var i = 0; i < 100; i++)
        {
            buckets.TryTake($"user{i}", ThreeThenOnePerSecond);
        }

        var slow = new BucketRule(1, 1, TimeSpan.FromHours(1));
        buckets.TryTake("spent", slow);
        clock.Advance(TimeSpan.FromMinutes(1));
        buckets.TryTake("newcomer", ThreeThenOnePerSecond);

        Assert.Equal(2, buckets.Count);
        Assert.False(buckets.TryTake("spent", slow));
    }

    private static bool[] Take(TokenBuckets<string> buckets, string key, BucketRule rule, int times) =>
        [.. Enumerable.Range(0, times).Select(_ => buckets.TryTake(key, rule))];
}
