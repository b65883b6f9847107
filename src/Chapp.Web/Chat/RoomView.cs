namespace Chapp.Web.Chat;

/// <summary>
/// A room as the hub describes it to clients; <paramref name="Kind"/> is "Public" or "Private" (a direct or group
/// conversation), <paramref name="Topic"/> is "" when none is set.
/// </summary>
public sealed record RoomView(string Id, string Name, string Kind, string Topic = "");
