using Microsoft.Extensions.Logging;

namespace Chapp.Grains;

/// <summary>
/// Delivery of what a commit stored: offered at once to this process's own feed of the room
/// (<see cref="ILocalRoomDelivery"/>), then published on the room stream by a publish loop of its own, so the next
/// commit never waits for the stream's round trip.
/// </summary>
/// <remarks>
/// The commit loop hands batches over in seq order, and the publish loop publishes them in that order, one publish
/// at a time; what is stored while a publish is in flight goes out together in the next one.
/// </remarks>
public sealed partial class ChatRoomGrain
{
    // Stored, in seq order, not yet handed to the stream. Touched only on the grain's turns.
    private List<ChatMessage> _unpublished = [];
    private bool _publishingNow;
    private Task _publishing = Task.CompletedTask;

    /// <summary>Called by the commit loop, in seq order, with each batch it stored (or found stored on a resync).</summary>
    private void Deliver(IReadOnlyList<ChatMessage> stored)
    {
        if (stored.Count == 0)
        {
            return;
        }

        try
        {
            _local.Offer(_roomId, stored);
        }
        catch (Exception error)
        {
            // The stream still brings the batch; the shortcut only saves time.
            LogLocalOfferFailed(error, _roomId, stored[0].Seq);
        }

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
                await Publish(batch);
            }
        }
        finally
        {
            _publishingNow = false;
        }
    }

    private async Task Publish(List<ChatMessage> created)
    {
        try
        {
            // Stored already: a message lost here is filled in by clients from the log when they see the gap.
            await _stream!.OnNextBatchAsync(created);
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
