namespace Chapp.Grains;

/// <summary>The default <see cref="ILocalRoomDelivery"/> of a silo with no web side: every batch goes by the stream only.</summary>
public sealed class NoLocalRoomDelivery : ILocalRoomDelivery
{
    /// <summary>The one instance.</summary>
    public static readonly NoLocalRoomDelivery Instance = new();

    private NoLocalRoomDelivery()
    {
    }

    /// <inheritdoc />
    public void Offer(string roomId, IReadOnlyList<ChatMessage> rows, bool only)
    {
    }

    /// <inheritdoc />
    public bool HasPassed(string roomId, long seq, string subscriptionTag) => false;
}
