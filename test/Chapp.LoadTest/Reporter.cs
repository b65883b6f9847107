using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Chapp.LoadTest;

/// <summary>Prints a <see cref="RunResult"/> as one JSON line (prefixed <c>RESULT </c>) and as a readable table.</summary>
public static class Reporter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Prints (and, with --json-out, appends) the result.</summary>
    public static void Print(RunResult result, string? jsonOut)
    {
        var json = JsonSerializer.Serialize(result, Json);
        Console.WriteLine();
        Console.WriteLine("RESULT " + json);
        if (jsonOut is not null)
        {
            File.AppendAllText(jsonOut, json + Environment.NewLine);
        }

        Console.WriteLine(Table(result));
    }

    /// <summary>The readable table.</summary>
    public static string Table(RunResult r)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void Row(string name, string value) => sb.Append(c, $"  {name,-28} {value}").AppendLine();
        string L(LatencySummary s) => string.Create(c, $"p50 {s.P50,8:F2}  p90 {s.P90,8:F2}  p99 {s.P99,8:F2}  max {s.Max,8:F2} ms  (n={s.Count})");

        sb.Append(c, $"== {r.Scenario} / {r.Phase} on {r.Database}: N={r.N} S={r.S} R={r.R}/s D={r.D}s W={r.W}s users={r.Users} receivers={r.Receivers}").AppendLine();
        Row("send→receive latency", L(r.Latency));
        Row("post latency (Send RTT)", L(r.Post));
        Row("pacer lateness", L(r.PacerLag));
        Row("deliveries/s", string.Create(c, $"{r.AchievedDeliveriesPerSec:F0} achieved of {r.OfferedDeliveriesPerSec:F0} offered"));
        Row("deliveries", string.Create(c, $"{r.ReceivedDeliveries} received of {r.ExpectedDeliveries} expected; lost {r.Lost}, duplicated {r.Duplicated}, out-of-order {r.OutOfOrder}, foreign {r.Foreign}"));
        Row("sends", string.Create(c, $"{r.SendsAccepted} accepted of {r.SendsAttempted}; errors {r.SendErrors}"));
        foreach (var sample in r.SendErrorSamples)
        {
            Row("  send error", sample);
        }

        Row("accounts", string.Create(c, $"{r.Users} in {r.AccountSeconds:F1} s"));
        Row("connect+join (all N)", string.Create(c, $"{r.ConnectJoinSeconds:F2} s; failures {r.ConnectFailures}; disconnects {r.Disconnects}"));
        Row("  per-connection connect", L(r.Connect));
        Row("  per-connection join", L(r.Join));
        Row("server CPU (window)", string.Create(c, $"{r.ServerCpuSeconds:F2} s = {r.ServerCpuPercent:F0} % of a core; {r.ServerCpuSecondsTotal:F2} s over the whole run"));
        Row("server peak RSS", string.Join(", ", r.ServerPeakRssMb.Select(m => string.Create(c, $"{m:F0} MiB"))) +
            "  (VmHWM " + string.Join(", ", r.ServerHwmMb.Select(m => string.Create(c, $"{m:F0} MiB"))) + ")");
        Row("client CPU / peak WS", string.Create(c, $"{r.ClientCpuSeconds:F2} s / {r.ClientPeakMb:F0} MiB"));
        Row("load average before/after", string.Join(" / ", r.LoadAverage.Select(l => l.ToString("F2", c))));
        Row("note", r.Note);
        return sb.ToString();
    }
}
