namespace Chapp.BareHub;

/// <summary>The JSON shape of Chapp's JoinResult.</summary>
public sealed record BareJoinResult(BareRoomView Room, IReadOnlyList<BareMessage> Messages, bool HasMore);
