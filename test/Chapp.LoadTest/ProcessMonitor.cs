using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>
/// Watches one Linux process through /proc: CPU seconds (utime + stime from /proc/pid/stat) on demand, and
/// resident memory sampled every 200 ms (VmRSS) with the kernel's own high-water mark (VmHWM) at the end.
/// </summary>
public sealed class ProcessMonitor : IDisposable
{
    private const double ClockTicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK)
    private readonly int _pid;
    private readonly Timer _timer;
    private long _peakRssKb;
    private long _lastHwmKb;

    /// <summary>Starts sampling process <paramref name="pid"/>.</summary>
    public ProcessMonitor(int pid)
    {
        _pid = pid;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
    }

    /// <summary>The process id watched.</summary>
    public int Pid => _pid;

    /// <summary>Highest VmRSS sampled so far, in MiB.</summary>
    public double PeakRssMb => Interlocked.Read(ref _peakRssKb) / 1024.0;

    /// <summary>The last VmHWM read (peak RSS by the kernel's count), in MiB.</summary>
    public double HighWaterMb => Interlocked.Read(ref _lastHwmKb) / 1024.0;

    /// <summary>User + system CPU seconds the process has used so far; NaN once it is gone.</summary>
    public double CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state); utime is field 14, stime field 15.
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (utime + stime) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Reads VmRSS and VmHWM once more (call before the process stops).</summary>
    public void Sample()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = ParseKb(line);
                    long peak;
                    while (kb > (peak = Interlocked.Read(ref _peakRssKb)) && Interlocked.CompareExchange(ref _peakRssKb, kb, peak) != peak)
                    {
                    }
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    Interlocked.Exchange(ref _lastHwmKb, ParseKb(line));
                }
            }
        }
        catch (IOException)
        {
            // The process is gone; keep the last figures.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private static long ParseKb(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
