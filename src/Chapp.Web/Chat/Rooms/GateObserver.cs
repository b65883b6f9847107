using Chapp.Grains;
using Orleans.Streams;

namespace Chapp.Web.Chat.Rooms;

/// <summary>
/// A room feed's observer of its message stream: each message goes into the feed's <see cref="SeqGate"/>, which only
/// queues, so the stream never waits for SignalR. An observer rather than a delegate because the subscription carries
/// the feed's tag as filter data (<see cref="RoomFeed.Tag"/>), which only this overload of <c>SubscribeAsync</c> takes.
/// </summary>
internal sealed class GateObserver(SeqGate gate) : IAsyncObserver<ChatMessage>
{
    /// <inheritdoc />
    public Task OnNextAsync(ChatMessage item, StreamSequenceToken? token = null)
    {
        gate.FromStream(item);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
