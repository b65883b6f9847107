using Chapp.Grains;

namespace Chapp.Web.Tests;

/// <summary>The "presence" frames a connection received, waited on by condition.</summary>
internal sealed class PresenceLog
{
    private readonly List<RoomPresence> _all = [];
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyList<RoomPresence> All
    {
        get
        {
            lock (_all)
            {
                return _all.ToArray();
            }
        }
    }

    public void Add(RoomPresence presence)
    {
        lock (_all)
        {
            _all.Add(presence);
        }

        _arrived.Release();
    }

    /// <summary>Waits for a frame matching <paramref name="match"/> among those from index <paramref name="after"/> on.</summary>
    public async Task<RoomPresence> WaitFor(Func<RoomPresence, bool> match, int after = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        for (;;)
        {
            var found = All.Skip(after).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero && await _arrived.WaitAsync(left),
                "Expected presence did not arrive; got: " + string.Join(" | ", All.Select(p => "[" + string.Join(", ", p.UserNames) + "]")));
        }
    }
}
