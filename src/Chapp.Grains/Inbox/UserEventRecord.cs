namespace Chapp.Grains;

/// <summary>
/// A user event as the user grain keeps it for resuming: only what happened and where. The entry is built fresh when
/// the event is read back, so the log stays small in the state blob that every write rewrites.
/// </summary>
[GenerateSerializer, Immutable, Alias("Chapp.UserEventRecord")]
public sealed record UserEventRecord([property: Id(0)] long Seq, [property: Id(1)] string Kind, [property: Id(2)] string RoomId);
