namespace Chapp.Grains;

/// <summary>The account fields ASP.NET Core Identity reads and writes, plus Chapp's profile.</summary>
[GenerateSerializer, Immutable, Alias("Chapp.UserAccount")]
public sealed record UserAccount(
    [property: Id(0)] string UserName,
    [property: Id(1)] string NormalizedUserName,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string? PasswordHash,
    [property: Id(4)] string SecurityStamp,
    [property: Id(5)] string ConcurrencyStamp,
    [property: Id(6)] DateTimeOffset? LockoutEnd,
    [property: Id(7)] bool LockoutEnabled,
    [property: Id(8)] int AccessFailedCount,
    [property: Id(9)] DateTimeOffset CreatedAt);
