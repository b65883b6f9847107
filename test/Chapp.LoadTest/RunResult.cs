namespace Chapp.LoadTest;

/// <summary>Everything one run measured; printed as one JSON line and as a table.</summary>
public sealed record RunResult
{
    /// <summary>Scenario.</summary>
    public required string Scenario { get; init; }

    /// <summary>Phase within the scenario.</summary>
    public required string Phase { get; init; }

    /// <summary>sqlite, postgres or external.</summary>
    public required string Database { get; init; }

    /// <summary>Connections.</summary>
    public required int N { get; init; }

    /// <summary>Senders.</summary>
    public required int S { get; init; }

    /// <summary>Messages/s per sender.</summary>
    public required double R { get; init; }

    /// <summary>Measured seconds.</summary>
    public required double D { get; init; }

    /// <summary>Warm-up seconds.</summary>
    public required double W { get; init; }

    /// <summary>Accounts used.</summary>
    public required int Users { get; init; }

    /// <summary>Connections that recorded deliveries.</summary>
    public required int Receivers { get; init; }

    /// <summary>Rooms the connections were split over.</summary>
    public required int Rooms { get; init; }

    /// <summary>Seconds to create the rooms (several rooms on Chapp; 0 otherwise).</summary>
    public required double RoomSetupSeconds { get; init; }

    /// <summary>Seconds to sign up (or log in) all accounts.</summary>
    public required double AccountSeconds { get; init; }

    /// <summary>Seconds until all N connections were connected and joined.</summary>
    public required double ConnectJoinSeconds { get; init; }

    /// <summary>Server CPU seconds while the N connections connected and joined (accounts are made before).</summary>
    public double ServerCpuConnectSeconds { get; init; }

    /// <summary>Per-connection connect (negotiate + WebSocket + handshake) latency.</summary>
    public required LatencySummary Connect { get; init; }

    /// <summary>Per-connection JoinRoom latency.</summary>
    public required LatencySummary Join { get; init; }

    /// <summary>Connections that failed to connect or join.</summary>
    public required int ConnectFailures { get; init; }

    /// <summary>Send→receive latency of every measured delivery at every receiver.</summary>
    public required LatencySummary Latency { get; init; }

    /// <summary>Send call round trip (scheduled send → acknowledgement), measured sends only.</summary>
    public required LatencySummary Post { get; init; }

    /// <summary>How late the pacer fired sends (client-side lateness; already inside the latencies).</summary>
    public required LatencySummary PacerLag { get; init; }

    /// <summary>Deliveries per second offered in the measured window: S × R × receivers.</summary>
    public required double OfferedDeliveriesPerSec { get; init; }

    /// <summary>Deliveries per second received in the measured window.</summary>
    public required double AchievedDeliveriesPerSec { get; init; }

    /// <summary>Sends made.</summary>
    public required long SendsAttempted { get; init; }

    /// <summary>Sends the server acknowledged.</summary>
    public required long SendsAccepted { get; init; }

    /// <summary>Sends that failed (hub errors, rate limits, closed connections).</summary>
    public required long SendErrors { get; init; }

    /// <summary>The most frequent send errors, "count × message".</summary>
    public required IReadOnlyList<string> SendErrorSamples { get; init; }

    /// <summary>Deliveries expected: acknowledged sends × receivers.</summary>
    public required long ExpectedDeliveries { get; init; }

    /// <summary>Distinct deliveries received.</summary>
    public required long ReceivedDeliveries { get; init; }

    /// <summary>Expected deliveries not received within the grace period.</summary>
    public required long Lost { get; init; }

    /// <summary>Same message twice at one receiver.</summary>
    public required long Duplicated { get; init; }

    /// <summary>Room seq lower than the last seen at that receiver.</summary>
    public required long OutOfOrder { get; init; }

    /// <summary>Pushed messages not from this run.</summary>
    public required long Foreign { get; init; }

    /// <summary>Deliveries per pushed frame, over the whole run (1 = every message its own frame).</summary>
    public double DeliveriesPerFrame { get; init; }

    /// <summary>Connections that closed during the run.</summary>
    public required int Disconnects { get; init; }

    /// <summary>Server CPU seconds (all watched processes) in the measured window.</summary>
    public required double ServerCpuSeconds { get; init; }

    /// <summary>Server CPU seconds from connect start to the end of the grace period.</summary>
    public required double ServerCpuSecondsTotal { get; init; }

    /// <summary>Server CPU in the measured window, as % of one core.</summary>
    public required double ServerCpuPercent { get; init; }

    /// <summary>Server CPU in the measured window per post scheduled in it (S × R × D), milliseconds.</summary>
    public required double ServerCpuMsPerPost { get; init; }

    /// <summary>Server CPU in the measured window per delivery received in it, microseconds.</summary>
    public required double ServerCpuUsPerDelivery { get; init; }

    /// <summary>This tool's CPU seconds in the measured window (is the load generator the bottleneck?).</summary>
    public required double ClientCpuWindowSeconds { get; init; }

    /// <summary>This tool's CPU seconds from the first send to the end of the grace period.</summary>
    public required double ClientCpuSendPhaseSeconds { get; init; }

    /// <summary>This tool's own JIT time in the send phase, ms (all threads): is the tool still compiling its hot path?</summary>
    public double ClientJitMs { get; init; }

    /// <summary>This tool's garbage collections in the send phase (all generations) and the time its threads stood for them, ms.</summary>
    public IReadOnlyList<double> ClientGc { get; init; } = [];

    /// <summary>Highest sampled VmRSS per watched process, MiB.</summary>
    public required IReadOnlyList<double> ServerPeakRssMb { get; init; }

    /// <summary>VmHWM per watched process at the end, MiB.</summary>
    public required IReadOnlyList<double> ServerHwmMb { get; init; }

    /// <summary>This tool's own CPU seconds over the whole run (accounts, connections, sends, grace).</summary>
    public required double ClientCpuSeconds { get; init; }

    /// <summary>This tool's peak working set, MiB.</summary>
    public required double ClientPeakMb { get; init; }

    /// <summary>1-minute load average of the machine before the run and after it (a noisy neighbour shows here).</summary>
    public required IReadOnlyList<double> LoadAverage { get; init; }

    /// <summary>A note on how accounts were shared.</summary>
    public required string Note { get; init; }
}
