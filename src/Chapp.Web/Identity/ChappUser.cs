namespace Chapp.Web.Identity;

/// <summary>
/// The Identity view of a Chapp account (<see cref="Chapp.Grains.UserAccount"/>). Its id is the normalized user name,
/// which is also the user grain's key, so a lookup by id or by name is one grain call and needs no index.
/// </summary>
public sealed class ChappUser
{
    /// <summary>The normalized user name.</summary>
    public string Id => NormalizedUserName;

    /// <summary>The user name as typed at sign-up.</summary>
    public string UserName { get; set; } = string.Empty;

    /// <summary>The upper-cased user name (Identity's default normalizer).</summary>
    public string NormalizedUserName { get; set; } = string.Empty;

    /// <summary>The name shown next to the user's messages.</summary>
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>The hashed password.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Changes whenever credentials change; invalidates other sign-ins.</summary>
    public string SecurityStamp { get; set; } = string.Empty;

    /// <summary>The stamp the stored account had when this object was read; the grain refuses stale updates.</summary>
    public string ConcurrencyStamp { get; set; } = Guid.NewGuid().ToString();

    /// <summary>When a lock-out ends, if the user is locked out.</summary>
    public DateTimeOffset? LockoutEnd { get; set; }

    /// <summary>Whether failed sign-ins can lock this user out.</summary>
    public bool LockoutEnabled { get; set; }

    /// <summary>Failed sign-ins since the last success or lock-out.</summary>
    public int AccessFailedCount { get; set; }

    /// <summary>When the account was made.</summary>
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
