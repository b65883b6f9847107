namespace Chapp.LoadTest;

/// <summary>One measured connection to the chat hub: connects, joins a room, opens the inbox, closes.</summary>
public interface ILoadConnection : IAsyncDisposable
{
    /// <summary>True once it connected.</summary>
    bool Started { get; }

    /// <summary>True once the connection closed (by error or on dispose).</summary>
    bool Closed { get; }

    /// <summary>Connects and completes the hub handshake.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>JoinRoom(roomId, 0).</summary>
    Task JoinAsync(string room, CancellationToken cancellationToken);

    /// <summary>OpenInbox(): from now on the user's "user" and "activity" frames too.</summary>
    Task OpenInboxAsync(CancellationToken cancellationToken);
}
