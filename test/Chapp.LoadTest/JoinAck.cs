namespace Chapp.LoadTest;

/// <summary>The part of JoinRoom's JoinResult the load test reads; the message page is skipped unread.</summary>
public sealed class JoinAck
{
    /// <summary>True when older messages exist beyond the returned page.</summary>
    public bool HasMore { get; set; }
}
