using System.Globalization;
using System.Text;

namespace Chapp.LoadTest;

/// <summary>
/// The runs of a compared invocation in the order they ran, with each run's load average, and each round's ratios
/// against the bare-hub runs that bracket it: where the order still weighs, it shows here.
/// </summary>
public static class ScheduleReport
{
    /// <summary>The table of runs in order.</summary>
    public static string Order(IReadOnlyList<ScheduledRun> runs)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("== order (position, round, server): p50 / p99, post p50 / p99 ms, CPU per delivery µs, peak RSS MiB, connect+join s, tool CPU in the send phase s (its JIT ms), load average before → after");
        foreach (var (slot, r) in runs)
        {
            sb.Append(c, $"  #{slot.Position} r{slot.Round} {slot.Server,-14} {r.Latency.P50,8:F2} / {r.Latency.P99,8:F2}   post {r.Post.P50,7:F2} / {r.Post.P99,7:F2}   {r.ServerCpuUsPerDelivery,6:F1} µs   {r.ServerPeakRssMb.Sum(),5:F0} MiB   {r.ConnectJoinSeconds,6:F2} s   tool {r.ClientCpuSendPhaseSeconds,5:F1} s ({r.ClientJitMs:F0} ms JIT)   load {Load(r, 0)} → {Load(r, 1)}").AppendLine();
        }

        return sb.ToString();
    }

    /// <summary>Each compared run's p50 and p99 over the mean of the two bare-hub runs around its round; empty without a baseline.</summary>
    public static string Rounds(IReadOnlyList<ScheduledRun> runs)
    {
        var bare = runs.Where(r => r.Slot.IsBaseline).OrderBy(r => r.Slot.Round).Select(r => r.Result).ToArray();
        if (bare.Length < 2)
        {
            return "";
        }

        var c = CultureInfo.InvariantCulture;
        var p50 = bare.Select(r => r.Latency.P50).ToArray();
        var p99 = bare.Select(r => r.Latency.P99).ToArray();
        var sb = new StringBuilder();
        sb.AppendLine("== per round: each run over the mean of the bare-hub runs just before and after its round");
        foreach (var (slot, r) in runs.Where(r => !r.Slot.IsBaseline))
        {
            sb.Append(c, $"  #{slot.Position} r{slot.Round} {slot.Server,-14} p50 {FairRatio.InRound(r.Latency.P50, slot.Round, p50):F2}×  p99 {FairRatio.InRound(r.Latency.P99, slot.Round, p99):F2}×").AppendLine();
        }

        return sb.ToString();
    }

    private static string Load(RunResult r, int i) => r.LoadAverage.Count > i ? r.LoadAverage[i].ToString("F2", CultureInfo.InvariantCulture) : "?";
}
