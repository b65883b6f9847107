namespace Chapp.Grains;

/// <summary>What a user grain persists: the account and the rooms joined.</summary>
[GenerateSerializer, Alias("Chapp.UserState")]
public sealed class UserState
{
    /// <summary>The account; null until registered.</summary>
    [Id(0)] public UserAccount? Account { get; set; }

    /// <summary>Room ids, in the order joined.</summary>
    [Id(1)] public List<string> Rooms { get; set; } = [];
}
