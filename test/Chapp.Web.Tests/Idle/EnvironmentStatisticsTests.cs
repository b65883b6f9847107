using Chapp.Silo.Idle;

namespace Chapp.Web.Tests.Idle;

/// <summary>
/// The on-demand environment statistics mean what Orleans' own meant: CPU is this process's share of all
/// processors since the previous reading, a rise shows at once in the filtered value and a fall only gradually.
/// </summary>
public sealed class EnvironmentStatisticsTests
{
    private readonly ManualClock _clock = new();
    private TimeSpan _processorTime = TimeSpan.FromSeconds(3);

    [Fact]
    public void Cpu_is_the_process_share_of_all_processors_since_the_previous_reading()
    {
        var statistics = new OnDemandEnvironmentStatistics(_clock, () => _processorTime);

        Burn(share: 0.25, over: TimeSpan.FromSeconds(2));
        var reading = statistics.GetEnvironmentStatistics();

        Assert.Equal(25f, reading.RawCpuUsagePercentage, 0.01f);
        Assert.Equal(25f, reading.FilteredCpuUsagePercentage, 0.01f);
    }

    [Fact]
    public void Readings_closer_than_half_a_second_keep_the_last_measured_cpu()
    {
        var statistics = new OnDemandEnvironmentStatistics(_clock, () => _processorTime);
        Burn(share: 0.5, over: TimeSpan.FromSeconds(1));
        statistics.GetEnvironmentStatistics();

        Burn(share: 1, over: TimeSpan.FromMilliseconds(100)); // too short a window to mean anything
        var soon = statistics.GetEnvironmentStatistics();
        Burn(share: 1, over: TimeSpan.FromMilliseconds(500));
        var later = statistics.GetEnvironmentStatistics();

        Assert.Equal(50f, soon.RawCpuUsagePercentage, 0.01f);
        Assert.Equal(100f, later.RawCpuUsagePercentage, 0.01f);
    }

    [Fact]
    public void A_fall_in_cpu_shows_gradually_in_the_filtered_value_and_at_once_in_the_raw_one()
    {
        var statistics = new OnDemandEnvironmentStatistics(_clock, () => _processorTime);
        Burn(share: 0.8, over: TimeSpan.FromSeconds(1));
        statistics.GetEnvironmentStatistics();

        Burn(share: 0, over: TimeSpan.FromSeconds(1));
        var justAfter = statistics.GetEnvironmentStatistics();
        Burn(share: 0, over: TimeSpan.FromSeconds(30));
        var muchLater = statistics.GetEnvironmentStatistics();

        Assert.Equal(0f, justAfter.RawCpuUsagePercentage);
        Assert.InRange(justAfter.FilteredCpuUsagePercentage, 70f, 79f); // e^(-1/10) of the way back
        Assert.InRange(muchLater.FilteredCpuUsagePercentage, 0f, 5f);
    }

    [Fact]
    public void Memory_is_what_the_managed_heap_holds_against_what_the_process_may_use()
    {
        GC.Collect(); // the GC reports its figures as of its last collection
        var reading = new OnDemandEnvironmentStatistics().GetEnvironmentStatistics();

        Assert.True(reading.MaximumAvailableMemoryBytes > 0, reading.ToString());
        Assert.InRange(reading.RawMemoryUsageBytes, 1, reading.MaximumAvailableMemoryBytes);
        Assert.Equal(reading.MaximumAvailableMemoryBytes - reading.RawMemoryUsageBytes, reading.RawAvailableMemoryBytes);
        Assert.Equal(reading.RawMemoryUsageBytes, reading.FilteredMemoryUsageBytes); // the first reading is its own filter
    }

    private void Burn(double share, TimeSpan over)
    {
        _processorTime += over * share * Environment.ProcessorCount;
        _clock.Advance(over);
    }
}
