namespace Chapp.Silo.Schema;

/// <summary>
/// Thrown when a database is neither empty nor holds Chapp's complete schema of the expected version:
/// the installer refuses to touch it rather than write into a database it does not understand.
/// </summary>
public sealed class SchemaMismatchException : Exception
{
    /// <summary>Creates the exception with a message that names what was found.</summary>
    public SchemaMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the mismatch.</summary>
    public SchemaMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public SchemaMismatchException()
        : base("The database does not hold the expected Chapp schema.")
    {
    }
}
