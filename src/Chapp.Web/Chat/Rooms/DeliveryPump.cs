using System.Threading.Channels;
using Chapp.Grains;
using Chapp.Grains.Tracing;

namespace Chapp.Web.Chat.Rooms;

/// <summary>
/// A room's delivery pump with smart batching: an idle pump sends a message the moment it arrives, and the messages
/// that arrive while a send is in flight go out together in the next one. No timer: a quiet room pays no wait, and a
/// busy room makes as many frames as its sends can carry, never more.
/// </summary>
/// <remarks>
/// A send is in flight until the work it scheduled has run, not merely until its task completes. SignalR's group send
/// completes once each connection's bytes are in that connection's pipe; the transports' socket writes are then
/// still queued in the thread pool. So after each send the pump waits for <paramref name="settled"/> (in production
/// <see cref="BehindQueuedWork"/>: a place at the back of the thread pool's global queue). Idle, that costs one
/// work item; saturated, the pump waits behind the socket writes it caused, and what arrives meanwhile shares the
/// next frame: fewer, bigger frames exactly when the machine is busy.
/// </remarks>
internal static class DeliveryPump
{
    /// <summary>Bounds one frame; a browser renders a few hundred messages at once without a hitch.</summary>
    public const int MaxBatch = 256;

    /// <summary>
    /// Reads <paramref name="queue"/> until it completes, handing each batch (one message or more, in queue order) to
    /// <paramref name="send"/>, one send at a time, and after each send waiting for <paramref name="settled"/> (the
    /// work the send scheduled; <see cref="BehindQueuedWork"/> when not given). A failing send is reported to
    /// <paramref name="failed"/> and the pump goes on: clients fill any gap from the log when they see the next
    /// sequence number.
    /// </summary>
    public static async Task RunAsync(
        ChannelReader<ChatMessage> queue,
        Func<IReadOnlyList<ChatMessage>, Task> send,
        Action<Exception, IReadOnlyList<ChatMessage>> failed,
        Func<Task>? settled = null)
    {
        settled ??= BehindQueuedWork;
        while (await queue.WaitToReadAsync())
        {
            // A fresh list per batch: the send may still hold it (SignalR serializes it per connection).
            var batch = new List<ChatMessage>();
            while (batch.Count < MaxBatch && queue.TryRead(out var message))
            {
                batch.Add(message);
            }

            PostTrace.Mark(batch, PostHop.PumpTook);
            try
            {
                await send(batch);
            }
            catch (Exception error)
            {
                failed(error, batch);
            }

            PostTrace.Mark(batch, PostHop.SendReturned);
            await settled();
            PostTrace.Mark(batch, PostHop.Settled);
        }
    }

    /// <summary>
    /// Completes once the thread pool has reached a work item queued now at the back of its global queue, i.e. after
    /// the work queued before it (the transports' writes of the frame just sent) has been picked up. The pump then
    /// goes on in that work item.
    /// </summary>
    public static Task BehindQueuedWork()
    {
        var reached = new TaskCompletionSource(); // Continuations run inline: in the queued work item itself.
        ThreadPool.UnsafeQueueUserWorkItem(static r => r.SetResult(), reached, preferLocal: false);
        return reached.Task;
    }
}
