using System.Diagnostics;
using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>What the load tool reads of the machine it runs on: its own CPU, the load average, the clock.</summary>
public static class Machine
{
    /// <summary>CPU seconds this process (the load tool) has used.</summary>
    public static double ClientCpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    /// <summary>The 1-minute load average, or NaN where /proc/loadavg cannot be read.</summary>
    public static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Waits until the <see cref="Clock"/> reads <paramref name="timestamp"/>.</summary>
    public static async Task DelayUntil(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Clock.Seconds(Clock.Now, timestamp);
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
        }
    }
}
