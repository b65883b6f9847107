using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace Chapp.Grains.Tests.Streams;

/// <summary>
/// A stream subscription hears its stream at once, for the test client and for the silo's own (co-hosted) client
/// alike, when it is made after every grain of the silo was deactivated and while its stream is busy: the moment at
/// which Orleans' queue cache used to make a whole queue deaf (see <c>StreamQueueCache</c>).
/// </summary>
[Collection(DeactivationClusterCollection.Name)]
public sealed class DeactivationDeliveryTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private IClusterClient SiloClient =>
        ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredService<IClusterClient>();

    [Fact]
    public async Task A_subscription_made_after_a_silo_wide_deactivation_while_its_stream_is_busy_hears_it_within_a_second()
    {
        var waits = new List<(TimeSpan? Outside, TimeSpan? Inside)>();
        for (var i = 0; i < 10; i++)
        {
            var room = await fixture.NewPublicRoomAsync();
            await InboxTests.PostAsync(Grains, room, "alice", "before"); // the queue's agent knows the stream
            await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

            using var stop = new CancellationTokenSource();
            var posting = Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    await InboxTests.PostAsync(Grains, room, "alice", $"busy {n}");
                }
            });
            await using var outside = await StreamProbe<ChatMessage>.SubscribeAsync(fixture.Cluster.Client, ChappNames.RoomStreamNamespace, room);
            await using var inside = await StreamProbe<ChatMessage>.SubscribeAsync(SiloClient, ChappNames.RoomStreamNamespace, room);
            var clock = Stopwatch.StartNew();
            var outsideAt = await FirstAsync(outside, clock);
            var insideAt = await FirstAsync(inside, clock);
            await stop.CancelAsync();
            await posting;

            waits.Add((outsideAt, insideAt));
            output.WriteLine($"{i}: test client {outsideAt?.TotalMilliseconds:F0} ms, silo client {insideAt?.TotalMilliseconds:F0} ms");
        }

        Assert.All(waits, w => Assert.True(w.Outside is not null && w.Inside is not null, "a subscription heard nothing for 5 s"));
        Assert.All(waits, w => Assert.True(w.Outside < TimeSpan.FromSeconds(1) && w.Inside < TimeSpan.FromSeconds(1), $"waits: {string.Join(", ", waits)}"));
    }

    private static async Task<TimeSpan?> FirstAsync(StreamProbe<ChatMessage> probe, Stopwatch clock) =>
        (await probe.WaitForAsync(1, TimeSpan.FromSeconds(5) - clock.Elapsed)).Count > 0 ? clock.Elapsed : null;
}
