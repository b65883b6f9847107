using Chapp.LoadTest;

namespace Chapp.Web.Tests;

/// <summary>
/// The idle scenario's wake-ups/s: context switches of the server's threads over the window. The thread pool retires
/// idle workers, so threads end inside the window; a thread that ends must not take its past out of the count (the
/// old sum over live threads read negative), and what it did inside the window must still count.
/// </summary>
public sealed class LoadToolWakeupTests
{
    [Fact]
    public void A_thread_that_ends_in_the_window_leaves_its_past_out_and_a_new_one_counts_from_zero()
    {
        // Thread 1 wakes 60 times in the window; thread 2 (50,000 wake-ups before it) ends; thread 3 is born and wakes 40 times.
        var counter = new WakeupCounter(0, new Dictionary<int, long> { [1] = 100, [2] = 50_000 });

        counter.Add(new Dictionary<int, long> { [1] = 130, [3] = 10 });
        counter.Add(new Dictionary<int, long> { [1] = 160, [3] = 40 });

        Assert.Equal(100, counter.Total);
    }

    [Fact]
    public void A_thread_id_reused_by_a_new_thread_counts_the_new_thread_from_zero()
    {
        var counter = new WakeupCounter(0, new Dictionary<int, long> { [7] = 9_000 });

        counter.Add(new Dictionary<int, long> { [7] = 25 });

        Assert.Equal(25, counter.Total);
    }

    [Fact]
    public void Real_threads_that_end_in_the_window_count_only_what_they_did_in_it()
    {
        using var windowOpen = new ManualResetEventSlim();
        using var oldDone = new ManualResetEventSlim();
        var old = new Thread(() =>
        {
            WakeUp(1000);
            oldDone.Set();
            windowOpen.Wait();
        });
        old.Start();
        oldDone.Wait();

        var counter = new WakeupCounter(Environment.ProcessId);
        windowOpen.Set();
        old.Join(); // ends inside the window with its ~1,000 wake-ups from before it

        long youngSwitches = 0;
        using var youngDone = new ManualResetEventSlim();
        using var youngMayEnd = new ManualResetEventSlim();
        var young = new Thread(() =>
        {
            youngSwitches = WakeUp(200);
            youngDone.Set();
            youngMayEnd.Wait();
        });
        young.Start();
        youngDone.Wait();
        counter.Sample();
        youngMayEnd.Set();
        young.Join(); // ends inside the window too, after a sample saw it
        counter.Sample();

        Assert.InRange(counter.Total, youngSwitches, long.MaxValue);
    }

    // Sleeps `times` times (each one a voluntary context switch); returns this thread's switches so far.
    private static long WakeUp(int times)
    {
        for (var i = 0; i < times; i++)
        {
            Thread.Sleep(1);
        }

        return File.ReadLines("/proc/thread-self/status")
            .Where(line => line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
            .Sum(line => long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
