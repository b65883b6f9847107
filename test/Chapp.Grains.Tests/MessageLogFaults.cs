using System.Collections.Concurrent;

namespace Chapp.Grains.Tests;

/// <summary>When the next append of a room fails, and whether it fails before or after reaching the log.</summary>
public enum AppendFault
{
    /// <summary>The append throws and stores nothing (the database refused or was unreachable).</summary>
    BeforeCommit,

    /// <summary>The append stores the batch, then throws (the commit succeeded but its answer was lost).</summary>
    AfterCommit,
}

/// <summary>Faults armed per room by a test; other tests' rooms in the shared cluster are never affected.</summary>
public sealed class MessageLogFaults
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<AppendFault>> _armed = new(StringComparer.Ordinal);

    /// <summary>Makes the next append of <paramref name="roomId"/> fail as <paramref name="fault"/> says.</summary>
    public void FailNextAppend(string roomId, AppendFault fault) =>
        _armed.GetOrAdd(roomId, _ => new ConcurrentQueue<AppendFault>()).Enqueue(fault);

    /// <summary>The fault to inject into this append of <paramref name="roomId"/>, if one is armed.</summary>
    internal AppendFault? Take(string roomId) =>
        _armed.TryGetValue(roomId, out var queue) && queue.TryDequeue(out var fault) ? fault : null;
}
