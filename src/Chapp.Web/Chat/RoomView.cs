namespace Chapp.Web.Chat;

/// <summary>A room as the hub describes it to clients; <paramref name="Kind"/> is "Public" or "Private".</summary>
public sealed record RoomView(string Id, string Name, string Kind);
