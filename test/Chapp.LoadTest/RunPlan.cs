namespace Chapp.LoadTest;

/// <summary>One measured run: who connects where, and the open-loop send schedule.</summary>
/// <param name="Scenario">The scenario name.</param>
/// <param name="Phase">A label within the scenario (empty, prefilled, n=1000, …).</param>
/// <param name="Database">sqlite, postgres or external.</param>
/// <param name="ReceiverUrl">Where receivers connect (and accounts sign up).</param>
/// <param name="SenderUrl">Where senders connect (the same server except in the cluster scenario).</param>
/// <param name="N">Connections in all.</param>
/// <param name="S">Senders: connections 0..S-1.</param>
/// <param name="R">Messages per second per sender.</param>
/// <param name="D">Measured seconds.</param>
/// <param name="W">Warm-up seconds.</param>
/// <param name="Users">Accounts; connection i uses account i mod Users.</param>
/// <param name="Room">The room everyone joins.</param>
/// <param name="SendersReceive">False when sender connections are not measured as receivers (cluster).</param>
/// <param name="Rooms">Rooms the N connections are split over evenly (see <see cref="RoomLayout"/>); 1 = everyone in <paramref name="Room"/>.</param>
/// <param name="CreateRooms">With several rooms: create them through Chapp's home page first (the bare hub needs none).</param>
public sealed record RunPlan(
    string Scenario,
    string Phase,
    string Database,
    Uri ReceiverUrl,
    Uri SenderUrl,
    int N,
    int S,
    double R,
    double D,
    double W,
    int Users,
    string Room,
    bool SendersReceive,
    int Rooms = 1,
    bool CreateRooms = false)
{
    /// <summary>Messages each sender sends: warm-up plus measured window.</summary>
    public int PerSender => Math.Max(1, (int)Math.Ceiling(R * (W + D)));

    /// <summary>Index of a sender's first measured message.</summary>
    public int FirstMeasured => Math.Min(PerSender, (int)Math.Ceiling(R * W));

    /// <summary>Connections that record deliveries.</summary>
    public int Receivers => SendersReceive ? N : N - S;
}
