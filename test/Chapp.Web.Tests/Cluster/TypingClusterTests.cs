using System.Collections.Concurrent;
using Chapp.Grains;
using Chapp.Grains.Tests;
using Chapp.Web.Chat.Typing;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chapp.Web.Tests.Cluster;

/// <summary>Typing notices cross processes: a SignalR group is per process, the room's typing stream is not.</summary>
[Collection(ProcessCollection.Name)]
public sealed class TypingClusterTests
{
    [Fact]
    public async Task Bob_on_one_node_sees_Alice_typing_on_the_other_and_Alice_does_not()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var settings = ChappProcess.OnPostgres(database.ConnectionString);
        await using var a = await ChappProcess.StartAsync(settings);
        await using var b = await ChappProcess.StartAsync(settings);
        await using var alice = await TestUser.SignUpAsync(a.BaseAddress);
        await using var bob = await TestUser.SignUpAsync(b.BaseAddress);
        var (aliceHub, _) = await alice.ConnectToRoomAsync(ChappNames.LobbyRoomId);
        var (bobHub, _) = await bob.ConnectToRoomAsync(ChappNames.LobbyRoomId);
        var atAlice = new ConcurrentQueue<TypingFrame>();
        var atBob = new BlockingCollection<TypingFrame>();
        aliceHub.On<TypingFrame>("typing", atAlice.Enqueue);
        bobHub.On<TypingFrame>("typing", atBob.Add);

        await aliceHub.InvokeAsync("Typing", ChappNames.LobbyRoomId);

        Assert.True(atBob.TryTake(out var frame, TimeSpan.FromSeconds(10)), "Bob's node never heard Alice typing");
        Assert.Equal(new TypingFrame(ChappNames.LobbyRoomId, alice.UserName, alice.UserName, IsTyping: true), frame);

        await TestUser.SendAsync(aliceHub, ChappNames.LobbyRoomId, "sent from node a");
        Assert.True(atBob.TryTake(out var stopped, TimeSpan.FromSeconds(10)), "the stop did not cross");
        Assert.False(stopped.IsTyping);
        await Task.Delay(300);
        Assert.Empty(atAlice);
        Assert.Empty(atBob);
    }
}
