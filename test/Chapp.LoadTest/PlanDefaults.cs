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
    bool CreateRooms = false);
