namespace Chapp.Grains;

/// <summary>
/// A user account, keyed by the normalized user name: the key itself makes names unique, no index needed.
/// Holds what ASP.NET Core Identity stores and the rooms the user joined.
/// </summary>
[Alias("Chapp.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the account; false when the name is taken.</summary>
    [Alias("Register")]
    Task<bool> Register(UserAccount account);

    /// <summary>The account, or null when there is none.</summary>
    [Alias("GetAccount")]
    Task<UserAccount?> GetAccount();

    /// <summary>
    /// Replaces the account when its stored concurrency stamp equals <paramref name="expectedConcurrencyStamp"/>;
    /// false when someone else changed it first or it does not exist.
    /// </summary>
    [Alias("Update")]
    Task<bool> Update(UserAccount account, string expectedConcurrencyStamp);

    /// <summary>Deletes the account.</summary>
    [Alias("Delete")]
    Task Delete();

    /// <summary>Remembers that the user joined a room.</summary>
    [Alias("JoinRoom")]
    Task JoinRoom(string roomId);

    /// <summary>Forgets a joined room.</summary>
    [Alias("LeaveRoom")]
    Task LeaveRoom(string roomId);

    /// <summary>The rooms the user joined, in the order joined.</summary>
    [Alias("GetRooms")]
    Task<IReadOnlyList<string>> GetRooms();
}
