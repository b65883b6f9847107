using System.Threading.Channels;
using Chapp.Grains;

namespace Chapp.Web.Chat.Rooms;

/// <summary>
/// A room's delivery pump with smart batching: an idle pump sends a message the moment it arrives, and the messages
/// that arrive while a send is in flight go out together in the next one. No timer: a quiet room pays no wait, and a
/// busy room makes as many frames as its sends can carry, never more.
/// </summary>
internal static class DeliveryPump
{
    /// <summary>Bounds one frame; a browser renders a few hundred messages at once without a hitch.</summary>
    public const int MaxBatch = 256;

    /// <summary>
    /// Reads <paramref name="queue"/> until it completes, handing each batch (one message or more, in queue order) to
    /// <paramref name="send"/>, one send at a time. A failing send is reported to <paramref name="failed"/> and the
    /// pump goes on: clients fill any gap from the log when they see the next sequence number.
    /// </summary>
    public static async Task RunAsync(
        ChannelReader<ChatMessage> queue,
        Func<IReadOnlyList<ChatMessage>, Task> send,
        Action<Exception, IReadOnlyList<ChatMessage>> failed)
    {
        while (await queue.WaitToReadAsync())
        {
            // A fresh list per batch: the send may still hold it (SignalR serializes it per connection).
            var batch = new List<ChatMessage>();
            while (batch.Count < MaxBatch && queue.TryRead(out var message))
            {
                batch.Add(message);
            }

            try
            {
                await send(batch);
            }
            catch (Exception error)
            {
                failed(error, batch);
            }
        }
    }
}
