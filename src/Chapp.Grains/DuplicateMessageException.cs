namespace Chapp.Grains;

/// <summary>
/// Thrown by <see cref="IMessageLog.AppendAsync"/> when a message's (room, author, client message id) is stored
/// already: the append stored nothing. Rooms append optimistically and look up the original only then, so a
/// normal post costs one write and no read.
/// </summary>
public sealed class DuplicateMessageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DuplicateMessageException()
        : base("A message with this author and client message id is stored already.")
    {
    }

    /// <summary>Creates the exception with the database error that revealed the duplicate.</summary>
    public DuplicateMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DuplicateMessageException(string message)
        : base(message)
    {
    }
}
