using Chapp.LoadTest;

namespace Chapp.Web.Tests;

/// <summary>
/// The load tool's warm-up before a compared run (Chapp, variants, bare hub): a smaller run of the same shape, which
/// the tool must accept as a plan (rooms split evenly, each sender with its own account in one room). A warm-up the
/// tool refuses would fail the whole invocation; one of another shape would warm other code than the measured runs use;
/// a shorter one (it was W=1 s, D=2 s) left the tool still settling in the first measured run, which at 1000×10×10
/// fell behind and never caught up.
/// </summary>
public sealed class LoadToolWarmUpTests
{
    public static TheoryData<int, int, int, int, int, int> Shapes => new()
    {
        // N, S, users, rooms -> warm-up N, S
        { 5000, 1, 100, 1, 1000, 1 },        // join
        { 1000, 10, 100, 1, 1000, 10 },      // fan-out 1000×10×10
        { 100, 5, 100, 1, 100, 5 },          // fan-out 100×5×10: already small, same size
        { 10_000, 2000, 100, 2000, 1000, 200 }, // rooms: 200 rooms of 5, one sender each
        { 1000, 200, 100, 200, 1000, 200 },  // rooms scaled down
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_warm_up_is_the_same_shape_and_length_with_at_most_a_thousand_connections(int n, int s, int users, int rooms, int warmN, int warmS)
    {
        var plan = new PlanDefaults("x", "main", "sqlite", null, null, n, s, 10, 20, 5, users, SendersReceive: true, rooms, CreateRooms: rooms > 1);

        var warm = plan.WarmUp();

        Assert.Equal((warmN, warmS), (warm.N, warm.S));
        Assert.False(warm.CreateRooms);
        Assert.Equal((plan.W, plan.D), (warm.W, warm.D)); // full length: a short warm-up left the first measured run special
        var layout = new RoomLayout(warm.N, warm.Rooms, warm.S); // throws for a plan the tool would refuse
        if (rooms > 1)
        {
            Assert.Equal(new RoomLayout(n, rooms, s).RoomSize, layout.RoomSize);
        }
        else
        {
            Assert.True(warm.S <= warm.Users, "in one room each sender needs its own account");
        }
    }
}
