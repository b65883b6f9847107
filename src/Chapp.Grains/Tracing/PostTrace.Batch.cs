using System.Diagnostics;

namespace Chapp.Grains.Tracing;

/// <summary>Marks for whole batches (apart from <c>PostTrace.cs</c>, which the bare hub also compiles).</summary>
public static partial class PostTrace
{
    /// <summary>Marks each message of <paramref name="batch"/>.</summary>
    public static void Mark(IReadOnlyList<ChatMessage> batch, PostHop hop)
    {
        if (Recorder is { } recorder)
        {
            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < batch.Count; i++)
            {
                recorder.Mark(batch[i].ClientMessageId, hop, now);
            }
        }
    }
}
