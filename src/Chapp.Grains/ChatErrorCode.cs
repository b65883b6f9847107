namespace Chapp.Grains;

/// <summary>Why a chat operation was refused; the web layer maps each to a readable message or status.</summary>
public enum ChatErrorCode
{
    /// <summary>The input broke a validation rule (text, room id, user name, page size …).</summary>
    Invalid = 0,

    /// <summary>The room does not exist.</summary>
    RoomNotFound = 1,

    /// <summary>The room is private and the user is not a member.</summary>
    NotMember = 2,

    /// <summary>The user name is already taken.</summary>
    NameTaken = 3,

    /// <summary>
    /// The message could not be stored now (the database failed or is unreachable). Transient: nothing is lost by
    /// sending the same message again with the same client message id, which stores it exactly once.
    /// </summary>
    Unavailable = 4,
}
