namespace Chapp.Grains;

/// <summary>Why a chat operation was refused; the web layer maps each to a readable message or status.</summary>
public enum ChatErrorCode
{
    /// <summary>The input broke a validation rule (text, room id, user name, page size …).</summary>
    Invalid = 0,

    /// <summary>
    /// The room does not exist, or it is a private conversation the user is not in: the two answer alike so that
    /// nobody learns which conversations exist. (2 was "not a member" before they were merged.)
    /// </summary>
    RoomNotFound = 1,

    /// <summary>The user name is already taken.</summary>
    NameTaken = 3,

    /// <summary>
    /// The message could not be stored now (the database failed or is unreachable). Transient: nothing is lost by
    /// sending the same message again with the same client message id, which stores it exactly once.
    /// </summary>
    Unavailable = 4,
}
