namespace Chapp.Web.Chat;

/// <summary>A person in a room's member list; <paramref name="Online"/> when they have the room open now.</summary>
public sealed record MemberView(string UserName, string DisplayName, bool Online);
