using Microsoft.Extensions.Logging;

namespace Chapp.Grains;

/// <summary>
/// Delivery of what a commit stored: offered at once to this process's own feed of the room
/// (<see cref="ILocalRoomDelivery"/>), then, while another process may be listening, published on the room stream by a
/// publish loop of its own, so the next commit never waits for the stream's round trip.
/// </summary>
/// <remarks>
/// The commit loop hands batches over in seq order, and the publish loop publishes them in that order, one publish
/// at a time; what is stored while a publish is in flight goes out together in the next one. While no other process
/// can be listening (<see cref="IRoomStreamAudience"/>, or a feed elsewhere told this activation with
/// <see cref="ListenFrom"/>), the local feed is the only recipient and the stream is left out.
/// </remarks>
public sealed partial class ChatRoomGrain
{
    // Stored, in seq order, not yet handed to the stream. Touched only on the grain's turns.
    private List<ChatMessage> _unpublished = [];
    private bool _publishingNow;
    private Task _publishing = Task.CompletedTask;

    // Some batch waiting in _unpublished was offered to the local feed as one the stream also carries.
    private bool _streamOwed;

    // A feed in another process told this activation it listens (ListenFrom): the stream carries every batch from now on.
    private bool _heardFromElsewhere;

    /// <inheritdoc />
    public Task ListenFrom(SiloAddress process)
    {
        if (!process.Equals(_silo))
        {
            _heardFromElsewhere = true;
        }

        return Task.CompletedTask;
    }

    // Asked per batch, not once: the cluster may gain a process at any time.
    private bool StreamHasAudience => _heardFromElsewhere || _audience.BeyondThisProcess;

    /// <summary>Called by the commit loop, in seq order, with each batch it stored (or found stored on a resync).</summary>
    private void Deliver(IReadOnlyList<ChatMessage> stored)
    {
        if (stored.Count == 0)
        {
            return;
        }

        var toStream = StreamHasAudience;
        try
        {
            _local.Offer(_roomId, stored, only: !toStream);
        }
        catch (Exception error)
        {
            // The stream brings the batch (published below even with nobody else listening); the shortcut only saves time.
            LogLocalOfferFailed(error, _roomId, stored[0].Seq);
            toStream = true;
        }

        _streamOwed |= toStream;
        _unpublished.AddRange(stored);
        if (!_publishingNow)
        {
            _publishingNow = true;
            _publishing = PublishLoop();
        }
    }

    private async Task PublishLoop()
    {
        try
        {
            while (_unpublished.Count > 0)
            {
                // The stream keeps the list it is given (its queue holds the batch): a new one goes on collecting.
                var batch = _unpublished;
                _unpublished = [];
                // Owed, or someone elsewhere appeared since the offer: a copy the local feed already has is filtered out.
                var toStream = _streamOwed || StreamHasAudience;
                _streamOwed = false;
                await Publish(batch, toStream);
            }
        }
        finally
        {
            _publishingNow = false;
        }
    }

    private async Task Publish(List<ChatMessage> created, bool toStream)
    {
        try
        {
            if (toStream)
            {
                // Stored already: a message lost here is filled in by clients from the log when they see the gap.
                await _stream!.OnNextBatchAsync(created);
            }
        }
        catch (Exception error)
        {
            LogPublishFailed(error, _roomId, created[0].Seq);
        }

        try
        {
            TellMentioned(created);
        }
        catch (Exception error)
        {
            LogMentionFailed(error, _roomId, created[0].Seq);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} stored but could not publish messages from seq {FirstSeq}")]
    private partial void LogPublishFailed(Exception error, string roomId, long firstSeq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} could not offer messages from seq {FirstSeq} to this process's feed")]
    private partial void LogLocalOfferFailed(Exception error, string roomId, long firstSeq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} could not tell the people mentioned in messages from seq {FirstSeq}")]
    private partial void LogMentionFailed(Exception error, string roomId, long firstSeq);
}
