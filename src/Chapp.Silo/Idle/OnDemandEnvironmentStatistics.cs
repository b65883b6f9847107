using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Orleans.Statistics;

namespace Chapp.Silo.Idle;

/// <summary>
/// Orleans' environment statistics (process CPU, managed memory, memory left), computed when someone reads them
/// instead of kept fresh by a listener on the runtime's EventCounters.
/// </summary>
/// <remarks>
/// <para>Orleans 10.4.2's own provider enables the <c>System.Runtime</c> counters at a 1 s interval for the life of
/// the silo: a ".NET Counter Poller" thread wakes every second, and each wake-up gathers every runtime counter, on an
/// idle server too. Its readers ask far less often, or never: the overload detector (at most once a second, only with
/// load shedding on), the memory-based activation collector (its polling period, only when enabled), the load
/// publisher (a cluster's <c>Chapp:LoadPublishPeriod</c>), the management grain (dashboard) and streaming's load-shed
/// flow controller.</para>
/// <para>Same meaning as Orleans' values: CPU is this process's share of all processors, averaged since the previous
/// reading (or the last 0.5 s, when readings come closer together than that); memory is the GC's committed bytes less
/// fragmentation against the memory the GC may use. The filtered values rise with a reading at once and fall
/// slowly (<see cref="PeakHoldFilter"/>), as Orleans' dual-mode filter intends.</para>
/// </remarks>
public sealed class OnDemandEnvironmentStatistics : IEnvironmentStatisticsProvider
{
    private static readonly TimeSpan MinimumSample = TimeSpan.FromMilliseconds(500);
    private const double BytesPerMegabyte = 1024 * 1024;

    private readonly TimeProvider _time;
    private readonly Func<TimeSpan> _processorTime;
    private readonly Lock _gate = new();
    private readonly PeakHoldFilter _cpuFilter = new();
    private readonly PeakHoldFilter _memoryFilter = new();
    private long _sampledAt;
    private TimeSpan _sampledProcessorTime;
    private float _cpu;

    /// <summary>Reads this process's CPU time and the system clock.</summary>
    /// <param name="meter">Orleans' meter: the provider publishes the memory gauges Orleans' own provider did.</param>
    public OnDemandEnvironmentStatistics(Meter? meter = null)
        : this(TimeProvider.System, () => Environment.CpuUsage.TotalTime, meter)
    {
    }

    /// <summary>Reads CPU time from <paramref name="processorTime"/> and time from <paramref name="time"/> (tests).</summary>
    public OnDemandEnvironmentStatistics(TimeProvider time, Func<TimeSpan> processorTime, Meter? meter = null)
    {
        _time = time;
        _processorTime = processorTime;
        _sampledAt = time.GetTimestamp();
        _sampledProcessorTime = processorTime();
        // The names Orleans' provider uses (InstrumentNames is internal), computed when a metrics exporter collects.
        meter?.CreateObservableGauge("orleans-runtime-available-memory", () => (long)(Memory().Available / BytesPerMegabyte), unit: "MB");
        meter?.CreateObservableGauge("orleans-runtime-total-physical-memory", () => (long)(Memory().Maximum / BytesPerMegabyte), unit: "MB");
    }

    /// <inheritdoc />
    public EnvironmentStatistics GetEnvironmentStatistics()
    {
        var (used, available, maximum) = Memory();
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_sampledAt, now);
            if (elapsed >= MinimumSample)
            {
                var processorTime = _processorTime();
                var share = (processorTime - _sampledProcessorTime) / (elapsed * Environment.ProcessorCount);
                _cpu = (float)Math.Clamp(share * 100, 0, 100);
                _sampledAt = now;
                _sampledProcessorTime = processorTime;
            }

            var filteredCpu = (float)_cpuFilter.Filter(_cpu, now, _time);
            var filteredUsed = Math.Clamp((long)_memoryFilter.Filter(used, now, _time), 0, maximum);
            return Create(filteredCpu, _cpu, filteredUsed, used, maximum - filteredUsed, available, maximum);
        }
    }

    private static (long Used, long Available, long Maximum) Memory()
    {
        var info = GC.GetGCMemoryInfo();
        var maximum = info.TotalAvailableMemoryBytes;
        var used = Math.Clamp(info.TotalCommittedBytes - info.FragmentedBytes, 0, maximum);
        return (used, maximum - used, maximum);
    }

    // EnvironmentStatistics' only constructor is internal to Orleans; this binds to it (checked when first called).
    [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
    private static extern EnvironmentStatistics Create(
        float cpuUsagePercentage,
        float rawCpuUsagePercentage,
        long memoryUsageBytes,
        long rawMemoryUsageBytes,
        long availableMemoryBytes,
        long rawAvailableMemoryBytes,
        long maximumAvailableMemoryBytes);
}
