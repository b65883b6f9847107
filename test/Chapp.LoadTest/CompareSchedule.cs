namespace Chapp.LoadTest;

/// <summary>
/// The order of a compared invocation. Later runs measure faster on this machine (the tool's and the runtime's
/// caches warm, the neighbours' load shifts), so no server may always take the last slot. With a baseline, the bare
/// hub brackets every round: bare, round 1, bare, round 2, bare, …; with no baseline the rounds follow each other.
/// Odd rounds run Chapp then the variants, even rounds the reverse, so over an even number of rounds every server's
/// mean position is the same, and with Chapp alone it is the bare hub's median position for any number of rounds.
/// </summary>
public static class CompareSchedule
{
    /// <summary>The bare hub's name in a schedule.</summary>
    public const string Baseline = "bare hub";

    /// <summary>The runs, in order, for <paramref name="servers"/> (Chapp first, then the variants) over <paramref name="rounds"/> rounds.</summary>
    public static IReadOnlyList<ScheduleSlot> Build(IReadOnlyList<string> servers, bool baseline, int rounds)
    {
        if (servers.Count == 0 || rounds < 1)
        {
            throw new ArgumentException("A compared invocation needs at least one server and one round.");
        }

        var slots = new List<ScheduleSlot>();
        void Add(int round, string server) => slots.Add(new ScheduleSlot(slots.Count + 1, round, server));
        for (var round = 1; round <= rounds; round++)
        {
            if (baseline)
            {
                Add(round - 1, Baseline);
            }

            foreach (var server in round % 2 == 1 ? servers.AsEnumerable() : servers.Reverse())
            {
                Add(round, server);
            }
        }

        if (baseline)
        {
            Add(rounds, Baseline);
        }

        return slots;
    }
}
