namespace Chapp.Grains;

/// <summary>
/// What a row of the room log is. Every kind takes its own room seq, so edits, deletes and reactions reach clients
/// in the same gap-free, resumable order as messages. Stored as an integer: never renumber.
/// </summary>
public enum RoomEventKind
{
    /// <summary>A message, kept in its current state (edits, a delete and reactions rewrite it in place).</summary>
    Message = 0,

    /// <summary>The author changed the text of message <see cref="ChatMessage.TargetSeq"/>.</summary>
    Edit = 1,

    /// <summary>The author deleted message <see cref="ChatMessage.TargetSeq"/>.</summary>
    Delete = 2,

    /// <summary>Someone added or removed a reaction on message <see cref="ChatMessage.TargetSeq"/>.</summary>
    Reaction = 3,
}
