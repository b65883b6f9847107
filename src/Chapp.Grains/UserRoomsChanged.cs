namespace Chapp.Grains;

/// <summary>Published on a user's stream when the rooms they belong to change (e.g. someone opened a conversation with them).</summary>
[GenerateSerializer, Immutable, Alias("Chapp.UserRoomsChanged")]
public sealed record UserRoomsChanged([property: Id(0)] string UserName, [property: Id(1)] IReadOnlyList<string> Rooms);
