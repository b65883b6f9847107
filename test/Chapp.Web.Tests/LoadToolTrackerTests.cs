using Chapp.LoadTest;

namespace Chapp.Web.Tests;

/// <summary>
/// The load tool's bookkeeping for many small rooms: a receiver expects only its own room's senders, and a message
/// that reaches it from another room is counted as foreign (a leak between rooms), never as a delivery. Without
/// this, the rooms scenario would report a leak as a success.
/// </summary>
public sealed class LoadToolTrackerTests
{
    [Fact]
    public void A_message_from_another_room_is_foreign_and_each_receiver_expects_only_its_room()
    {
        var layout = new RoomLayout(n: 6, rooms: 3, senders: 3); // rooms of 2; connections 0, 2, 4 send
        Assert.Equal([0, 2, 4], Enumerable.Range(0, 3).Select(layout.ConnectionOf));
        Assert.Equal([0, -1, 1, -1, 2, -1], Enumerable.Range(0, 6).Select(layout.SenderOf));
        var roomOf = Enumerable.Range(0, 6).Select(layout.RoomOf).ToArray();
        var tracker = new DeliveryTracker(run: 7, receivers: 6, senders: 3, perSender: 2, firstMeasured: 0, roomOf, layout.SendersPerRoom);
        tracker.SetWindow(0, long.MaxValue);
        tracker.Accept(0, 0);
        tracker.Accept(1, 0);

        tracker.Record(1, Message(sender: 0, index: 0, seq: 1), Clock.Now); // room 0's message at room 0's receiver
        tracker.Record(1, Message(sender: 1, index: 0, seq: 1), Clock.Now); // room 1's message leaked into room 0

        Assert.Equal(1, tracker.TotalDeliveries());
        Assert.Equal(1, tracker.ForeignCount);
        // Rooms 0 and 1 each have two members who should get their room's one accepted message; room 2 sent nothing.
        Assert.Equal(4, tracker.ExpectedDeliveries(layout.ConnectionOf, selfDelivery: true));
        Assert.Equal(3, tracker.Lost(layout.ConnectionOf, selfDelivery: true));
    }

    [Theory]
    [InlineData(10, 3, 3)] // connections do not split evenly
    [InlineData(6, 3, 4)] // senders do not split evenly
    [InlineData(6, 3, 9)] // more senders than members in a room
    [InlineData(6, 0, 0)] // no room
    public void A_layout_that_does_not_split_evenly_is_refused_with_a_reason(int n, int rooms, int senders)
    {
        var error = Assert.Throws<ArgumentException>(() => new RoomLayout(n, rooms, senders));
        Assert.Contains("split evenly", error.Message);
    }

    private static Delivery Message(int sender, int index, long seq) =>
        new() { IsLoad = true, Run = 7, Sender = sender, Index = index, Seq = seq, ScheduledTimestamp = Clock.Now };
}
