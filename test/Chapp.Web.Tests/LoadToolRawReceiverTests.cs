using System.Text;
using Chapp.Grains;
using Chapp.Grains.Tests;
using Chapp.LoadTest;

namespace Chapp.Web.Tests;

/// <summary>
/// The load tool's bare-WebSocket receiver (<c>--raw-receivers</c>) counts what a .NET client would: every message
/// Chapp pushes, once, in order, whether it came alone or in a batch, and however the bytes were split.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class LoadToolRawReceiverTests(AppFixture app)
{
    private const int Run = 7;

    [Fact]
    public void Frames_split_anywhere_give_every_delivery_once_in_order_and_answer_the_call()
    {
        var wire = Encoding.UTF8.GetBytes(
            Frame("{}") +
            Frame("""{"type":1,"target":"message","arguments":[{"seq":1,"text":"$0"}]}""") +
            Frame("""{"type":6}""") +
            Frame("""{"type":1,"target":"presence","arguments":[{"roomId":"lobby","userNames":["a"]}]}""") +
            Frame("""{"type":1,"target":"messages","arguments":[[{"id":"x","seq":2,"text":"$1"},{"seq":3,"roomId":"lobby","text":"$2"}]]}""") +
            Frame("""{"type":3,"invocationId":"4","result":{"hasMore":false,"messages":[{"seq":1}]}}""") +
            Frame("""{"type":3,"invocationId":"5","error":"No such room."}"""));

        for (var chunk = 1; chunk <= wire.Length; chunk++)
        {
            var frames = new List<List<Delivery>>();
            var completions = new List<(string, string?)>();
            var handshakes = new List<string?>();
            var reader = new HubFrameReader
            {
                OnHandshake = handshakes.Add, OnDeliveries = frames.Add, OnCompletion = (id, error) => completions.Add((id, error)),
            };
            for (var at = 0; at < wire.Length; at += chunk)
            {
                var part = wire.AsSpan(at, Math.Min(chunk, wire.Length - at));
                part.CopyTo(reader.GetMemory(part.Length).Span);
                reader.Advance(part.Length);
            }

            Assert.Equal([[1L], [2L, 3L]], frames.Select(f => f.Select(d => d.Seq).ToList()).ToList());
            Assert.Equal([0, 1, 2], frames.SelectMany(f => f).Select(d => d.Index));
            Assert.Equal([("4", null), ("5", "No such room.")], completions);
            Assert.Equal([null], handshakes);
        }
    }

    [Fact]
    public void A_refused_handshake_is_reported_with_its_error_and_a_frame_split_in_many_pieces_is_read_once()
    {
        var handshakes = new List<string?>();
        var frames = new List<List<Delivery>>();
        var reader = new HubFrameReader { OnHandshake = handshakes.Add, OnDeliveries = frames.Add };
        var refusal = Encoding.UTF8.GetBytes(Frame("""{"error":"Requested protocol 'x' is not available."}"""));
        refusal.CopyTo(reader.GetMemory(refusal.Length).Span);
        reader.Advance(refusal.Length);

        // A long frame (a batch) arriving a few bytes at a time: nothing is handled until its separator comes.
        var batch = Encoding.UTF8.GetBytes(Frame(
            """{"type":1,"target":"messages","arguments":[[""" +
            string.Join(',', Enumerable.Range(1, 200).Select(i => $$"""{"seq":{{i}},"text":"{{new string('x', 40)}}"}""")) + "]]}"));
        for (var at = 0; at < batch.Length; at += 7)
        {
            var part = batch.AsSpan(at, Math.Min(7, batch.Length - at));
            part.CopyTo(reader.GetMemory(part.Length).Span);
            reader.Advance(part.Length);
            Assert.Equal(at + part.Length == batch.Length ? 1 : 0, frames.Count);
        }

        Assert.Equal(["Requested protocol 'x' is not available."], handshakes);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), frames.Single().Select(d => d.Seq));
    }

    [Fact]
    public async Task Joins_the_room_and_receives_every_posted_message_once_in_order()
    {
        const int Messages = 20; // one user's send burst
        await using var alice = await TestUser.SignUpAsync(app);
        await using var bob = await TestUser.SignUpAsync(app);
        var tracker = new DeliveryTracker(Run, receivers: 1, senders: 1, perSender: Messages, firstMeasured: 0, roomOf: [0], sendersPerRoom: 1);
        await using var receiver = new RawReceiver(app.BaseAddress, bob.Cookies.GetCookieHeader(app.BaseAddress), tracker, receiver: 0);
        await receiver.StartAsync(CancellationToken.None);
        await receiver.JoinAsync(ChappNames.LobbyRoomId, CancellationToken.None);
        var (sender, _) = await alice.ConnectToRoomAsync(ChappNames.LobbyRoomId);

        // All at once, so that some arrive batched in one "messages" frame.
        await Task.WhenAll(Enumerable.Range(0, Messages).Select(i =>
            TestUser.SendAsync(sender, ChappNames.LobbyRoomId, LoadMessageText.Format(Run, 0, i, Clock.Now, string.Empty))));
        for (var i = 0; i < Messages; i++)
        {
            tracker.Accept(0, i);
        }

        await HubTestRooms.WaitUntil(() => tracker.TotalDeliveries() >= Messages);
        Assert.Equal(Messages, tracker.TotalDeliveries());
        Assert.Equal(0, tracker.Duplicated);
        Assert.Equal(0, tracker.OutOfOrderCount);
        Assert.Equal(0, tracker.Lost(_ => -1, selfDelivery: false));
        Assert.False(receiver.Closed);
        await sender.StopAsync();
    }

    [Fact]
    public async Task A_refused_join_fails_the_call()
    {
        await using var bob = await TestUser.SignUpAsync(app);
        var tracker = new DeliveryTracker(Run, 1, 1, 1, 0, [0], 1);
        await using var receiver = new RawReceiver(app.BaseAddress, bob.Cookies.GetCookieHeader(app.BaseAddress), tracker, 0);
        await receiver.StartAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => receiver.JoinAsync("no-such-room-" + Guid.NewGuid().ToString("N"), CancellationToken.None));
    }

    private static string Frame(string json) => json.Replace("$0", Text(0)).Replace("$1", Text(1)).Replace("$2", Text(2)) + "\u001e";

    private static string Text(int index) => LoadMessageText.Format(Run, 0, index, 123_456_789, string.Empty);
}
