namespace Chapp.LoadTest;

/// <summary>One measured run in a compared invocation.</summary>
/// <param name="Position">1-based place in the invocation's order.</param>
/// <param name="Round">For a compared server, its round (1..rounds); for the bare hub, the index of the bracket (0..rounds) it closes or opens.</param>
/// <param name="Server">"chapp", a variant's name, or <see cref="CompareSchedule.Baseline"/>.</param>
public sealed record ScheduleSlot(int Position, int Round, string Server)
{
    /// <summary>True for the bare hub's runs.</summary>
    public bool IsBaseline => Server == CompareSchedule.Baseline;
}
