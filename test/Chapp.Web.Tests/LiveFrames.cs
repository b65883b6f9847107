using Chapp.Grains;
using Microsoft.AspNetCore.SignalR.Client;

namespace Chapp.Web.Tests;

/// <summary>Every message a hub connection receives live (<c>"message"</c> and <c>"messages"</c> frames), in arrival order.</summary>
internal sealed class LiveFrames
{
    private readonly List<ChatMessage> _received = [];

    /// <summary>Starts recording what <paramref name="connection"/> receives.</summary>
    public LiveFrames(HubConnection connection)
    {
        connection.On<ChatMessage>("message", m => Add([m]));
        connection.On<ChatMessage[]>("messages", Add);
    }

    /// <summary>The seqs received so far, in arrival order.</summary>
    public long[] Seqs()
    {
        lock (_received)
        {
            return _received.Select(m => m.Seq).ToArray();
        }
    }

    /// <summary>The texts received so far, in arrival order.</summary>
    public string[] Texts()
    {
        lock (_received)
        {
            return _received.Select(m => m.Text).ToArray();
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived; fails after 5 s.</summary>
    public Task WaitForAsync(int count) => HubTestRooms.WaitUntil(() => Seqs().Length >= count);

    /// <summary>Waits until the message <paramref name="seq"/> has arrived; fails after 5 s.</summary>
    public Task WaitForSeqAsync(long seq) => HubTestRooms.WaitUntil(() => Seqs().Contains(seq));

    private void Add(ChatMessage[] frame)
    {
        lock (_received)
        {
            _received.AddRange(frame);
        }
    }
}
