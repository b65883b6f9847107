using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Chapp.LoadTest;

/// <summary>Prints a <see cref="RunResult"/> as one JSON line (prefixed <c>RESULT </c>) and as a readable table.</summary>
public static class Reporter
{
    // NaN when a watched process was gone before a reading (its figures are then unknown, not zero).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

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

        sb.Append(c, $"== {r.Scenario} / {r.Phase} on {r.Database}: N={r.N} S={r.S} R={r.R}/s D={r.D}s W={r.W}s users={r.Users} receivers={r.Receivers} rooms={r.Rooms}").AppendLine();
        Row("send→receive latency", L(r.Latency));
        Row("post latency (Send RTT)", L(r.Post));
        Row("pacer lateness", L(r.PacerLag));
        Row("deliveries/s", string.Create(c, $"{r.AchievedDeliveriesPerSec:F0} achieved of {r.OfferedDeliveriesPerSec:F0} offered"));
        Row("deliveries", string.Create(c, $"{r.ReceivedDeliveries} received of {r.ExpectedDeliveries} expected; lost {r.Lost}, duplicated {r.Duplicated}, out-of-order {r.OutOfOrder}, foreign {r.Foreign}; {r.DeliveriesPerFrame:F2} per frame"));
        Row("sends", string.Create(c, $"{r.SendsAccepted} accepted of {r.SendsAttempted}; errors {r.SendErrors}"));
        foreach (var sample in r.SendErrorSamples)
        {
            Row("  send error", sample);
        }

        Row("accounts", string.Create(c, $"{r.Users} in {r.AccountSeconds:F1} s"));
        if (r.Rooms > 1)
        {
            Row("rooms", string.Create(c, $"{r.Rooms} set up in {r.RoomSetupSeconds:F1} s"));
        }

        Row("connect+join (all N)", string.Create(c, $"{r.ConnectJoinSeconds:F2} s; failures {r.ConnectFailures}; disconnects {r.Disconnects}; server CPU {r.ServerCpuConnectSeconds:F2} s"));
        Row("  per-connection connect", L(r.Connect));
        Row("  per-connection join", L(r.Join));
        Row("server CPU (window)", string.Create(c, $"{r.ServerCpuSeconds:F2} s = {r.ServerCpuPercent:F0} % of a core; {r.ServerCpuSecondsTotal:F2} s over the whole run"));
        Row("server CPU per post", string.Create(c, $"{r.ServerCpuMsPerPost:F3} ms; per delivery {r.ServerCpuUsPerDelivery:F1} µs"));
        Row("server peak RSS", string.Join(", ", r.ServerPeakRssMb.Select(m => string.Create(c, $"{m:F0} MiB"))) +
            "  (VmHWM " + string.Join(", ", r.ServerHwmMb.Select(m => string.Create(c, $"{m:F0} MiB"))) + ")");
        Row("client CPU / peak WS", string.Create(c, $"{r.ClientCpuSeconds:F2} s whole run, {r.ClientCpuWindowSeconds:F2} s in the window ({r.ClientCpuWindowSeconds / r.D * 100:F0} % of a core) / {r.ClientPeakMb:F0} MiB"));
        Row("client in the send phase", string.Create(c, $"JIT {r.ClientJitMs:F0} ms; {(r.ClientGc.Count > 1 ? r.ClientGc[0] : 0):F0} GCs, paused {(r.ClientGc.Count > 1 ? r.ClientGc[1] : 0):F0} ms"));
        Row("load average before/after", string.Join(" / ", r.LoadAverage.Select(l => l.ToString("F2", c))));
        Row("note", r.Note);
        return sb.ToString();
    }

    /// <summary>
    /// Chapp's figures over the baseline's, measured in one invocation: the figures we judge. With several runs of
    /// either side each figure is the median of its runs (<see cref="FairRatio.Overall"/>).
    /// </summary>
    public static string Ratios(IReadOnlyList<RunResult> chapp, IReadOnlyList<RunResult> baseline, string label = "Chapp", string baselineLabel = "bare hub")
    {
        var c = CultureInfo.InvariantCulture;
        var first = chapp[0];
        var sb = new StringBuilder();
        void Line(string name, Func<RunResult, double> figure, string unit, string format)
        {
            var a = FairRatio.Median(chapp.Select(figure));
            var b = FairRatio.Median(baseline.Select(figure));
            var ratio = FairRatio.Overall(chapp.Select(figure), baseline.Select(figure));
            sb.Append(c, $"  {name,-28} {(double.IsNaN(ratio) ? "n/a" : ratio.ToString("F2", c) + "×")}  ({a.ToString(format, c)} / {b.ToString(format, c)} {unit})").AppendLine();
        }

        var runs = chapp.Count == 1 && baseline.Count == 1 ? "" : string.Create(c, $", medians of {chapp.Count} / {baseline.Count} runs");
        sb.Append(c, $"== ratios {label} / {baselineLabel} ({first.Scenario}, N={first.N} S={first.S} R={first.R}/s, {first.Database}{runs})").AppendLine();
        Line("latency p50", r => r.Latency.P50, "ms", "F2");
        Line("latency p99", r => r.Latency.P99, "ms", "F2");
        Line("post p50", r => r.Post.P50, "ms", "F2");
        Line("post p99", r => r.Post.P99, "ms", "F2");
        Line("connect+join (all N)", r => r.ConnectJoinSeconds, "s", "F2");
        Line("server CPU, connect+join", r => r.ServerCpuConnectSeconds, "s", "F2");
        Line("server CPU (window)", r => r.ServerCpuSeconds, "s", "F2");
        Line("server CPU per post", r => r.ServerCpuMsPerPost, "ms", "F3");
        Line("server CPU per delivery", r => r.ServerCpuUsPerDelivery, "µs", "F1");
        Line("server peak RSS", r => r.ServerPeakRssMb.Sum(), "MiB", "F0");
        var toolA = FairRatio.Median(chapp.Select(r => r.ClientCpuWindowSeconds));
        var toolB = FairRatio.Median(baseline.Select(r => r.ClientCpuWindowSeconds));
        sb.Append(c, $"  load tool CPU (window)       {toolA:F2} / {toolB:F2} s ({toolA / first.D * 100:F0} / {toolB / first.D * 100:F0} % of a core)").AppendLine();
        sb.Append(c, $"  deliveries per frame         {FairRatio.Median(chapp.Select(r => r.DeliveriesPerFrame)):F2} / {FairRatio.Median(baseline.Select(r => r.DeliveriesPerFrame)):F2}").AppendLine();
        sb.Append(c, $"  lost / duplicated / reordered / foreign, all runs: {label} {chapp.Sum(r => r.Lost)}/{chapp.Sum(r => r.Duplicated)}/{chapp.Sum(r => r.OutOfOrder)}/{chapp.Sum(r => r.Foreign)}, {baselineLabel} {baseline.Sum(r => r.Lost)}/{baseline.Sum(r => r.Duplicated)}/{baseline.Sum(r => r.OutOfOrder)}/{baseline.Sum(r => r.Foreign)}").AppendLine();
        return sb.ToString();
    }

    /// <summary>
    /// Full room over empty room, of the medians over the rounds (one round: the two runs), and each round's own ratio.
    /// </summary>
    public static string HistoryRatios(IReadOnlyList<RunResult> empty, IReadOnlyList<RunResult> prefilled)
    {
        var c = CultureInfo.InvariantCulture;
        string X(double a, double b) => b > 0 ? string.Create(c, $"{a / b:F2}×") : "n/a";
        double M(IReadOnlyList<RunResult> runs, Func<RunResult, double> figure) => FairRatio.Median(runs.Select(figure));
        string Line(string name, Func<RunResult, double> figure, string unit = "ms", string format = "F2") =>
            string.Create(c, $"  {name,-28} {X(M(prefilled, figure), M(empty, figure))}  ({M(prefilled, figure).ToString(format, c)} / {M(empty, figure).ToString(format, c)} {unit})");
        var sb = new StringBuilder();
        sb.Append(c, $"== ratios prefilled / empty ({empty[0].Database}), medians of {prefilled.Count} / {empty.Count} runs").AppendLine();
        sb.AppendLine(Line("post p50", r => r.Post.P50));
        sb.AppendLine(Line("post p99", r => r.Post.P99));
        sb.AppendLine(Line("delivery p50", r => r.Latency.P50));
        sb.AppendLine(Line("delivery p99", r => r.Latency.P99));
        sb.AppendLine(Line("server CPU per post", r => r.ServerCpuMsPerPost, format: "F3"));
        if (prefilled.Count > 1)
        {
            sb.AppendLine("== per round: post p50 / p99, prefilled over empty");
            for (var i = 0; i < Math.Min(prefilled.Count, empty.Count); i++)
            {
                sb.Append(c, $"  round {i + 1}: {X(prefilled[i].Post.P50, empty[i].Post.P50)} / {X(prefilled[i].Post.P99, empty[i].Post.P99)}  ({prefilled[i].Post.P50:F2} / {empty[i].Post.P50:F2} ms, {prefilled[i].Post.P99:F2} / {empty[i].Post.P99:F2} ms)").AppendLine();
            }
        }

        return sb.ToString();
    }
}
