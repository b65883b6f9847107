namespace Chapp.BareHub;

/// <summary>The JSON shape of Chapp's ChatMessage.</summary>
public sealed record BareMessage(string RoomId, long Seq, Guid Id, string Author, string AuthorName, string Text, DateTimeOffset SentAt, string ClientMessageId);
