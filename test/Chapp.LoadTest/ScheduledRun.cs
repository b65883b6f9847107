namespace Chapp.LoadTest;

/// <summary>A run of a compared invocation with its place in the order.</summary>
public sealed record ScheduledRun(ScheduleSlot Slot, RunResult Result);
