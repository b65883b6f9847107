namespace Chapp.Grains;

/// <summary>A user's rooms as of user event <see cref="Seq"/>, in the order joined.</summary>
[GenerateSerializer, Immutable, Alias("Chapp.Inbox")]
public sealed record Inbox([property: Id(0)] long Seq, [property: Id(1)] IReadOnlyList<InboxEntry> Rooms);
