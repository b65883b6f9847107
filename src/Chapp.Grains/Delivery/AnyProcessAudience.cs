namespace Chapp.Grains;

/// <summary>
/// The default <see cref="IRoomStreamAudience"/> of a silo with no web side (a test cluster, whose clients subscribe
/// from outside any silo): anyone may be listening, so every batch goes on the stream.
/// </summary>
public sealed class AnyProcessAudience : IRoomStreamAudience
{
    /// <summary>The one instance.</summary>
    public static readonly AnyProcessAudience Instance = new();

    private AnyProcessAudience()
    {
    }

    /// <inheritdoc />
    public bool BeyondThisProcess => true;
}
