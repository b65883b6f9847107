namespace Chapp.LoadTest;

/// <summary>A <see cref="RunPlan"/> under construction: the scenario's defaults overridden by the options, servers not known yet.</summary>
public sealed record PlanDefaults(
    string Scenario,
    string Phase,
    string Database,
    Uri? ReceiverUrl,
    Uri? SenderUrl,
    int N,
    int S,
    double R,
    double D,
    double W,
    int Users,
    bool SendersReceive,
    int Rooms = 1,
    bool CreateRooms = false)
{
    /// <summary>
    /// The same shape with at most <paramref name="most"/> connections (whole rooms, the same senders per room, no
    /// room creation) and the same W and D: the load tool's unmeasured warm-up against a bare hub. Full length so its
    /// heap and thread pool reach the measured runs' size; the first measured run's collapse at 1000×10×10 was the
    /// tool's own tiered JIT, now off (Chapp.LoadTest.csproj).
    /// </summary>
    public PlanDefaults WarmUp(int most = 1000)
    {
        if (Rooms == 1)
        {
            var connections = Math.Min(N, most);
            return this with { N = connections, S = Math.Min(S, connections), Users = Math.Min(Users, connections) };
        }

        var layout = new RoomLayout(N, Rooms, S);
        var rooms = Math.Clamp(most / layout.RoomSize, 1, Rooms);
        var n = rooms * layout.RoomSize;
        var users = Math.Min(Users, n);
        var senders = rooms * layout.SendersPerRoom;
        return this with { N = n, S = senders, Users = users, Rooms = rooms, CreateRooms = false };
    }
}
