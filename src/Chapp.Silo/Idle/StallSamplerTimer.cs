namespace Chapp.Silo.Idle;

/// <summary>
/// The timer of Orleans' thread-pool stall sampler in a silo that may be alone: it ticks on a thread of its own while
/// the silo has no peers and on the thread pool while it has some.
/// </summary>
/// <remarks>
/// <para>The sampler measures how late its 100 ms ticks run, so each tick must be a thread-pool work item to measure
/// the thread pool, and every tick wakes a worker, which then spins before it sleeps again: on an idle PostgreSQL
/// silo that spin was most of its CPU (docs/PERFORMANCE.md, "Idle on PostgreSQL"). Its samples are read for two
/// things, both about peers: excusing probes to peers that this silo answered late, and a local-health complaint that
/// only peers act on. Alone, the silo needs neither, so a plain thread keeps the cadence cheaply.</para>
/// <para>The cadence must not pause: the sampler records every gap between ticks as a stall, so a pause while alone
/// would read as one long stall at the first tick with a peer, and the silo would call itself unhealthy just as a
/// peer joins. Here ticks keep coming on one source or the other; around a switch both may tick once, which the
/// sampler takes as one early sample.</para>
/// </remarks>
internal sealed class StallSamplerTimer : ITimer
{
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private readonly SiloPeers _peers;
    private readonly TimeProvider _system;
    private readonly object _gate = new(); // Monitor, for Wait and Pulse
    private TimeSpan _period;
    private long _nextTick;
    private ITimer? _poolTimer;
    private bool _disposed;

    public StallSamplerTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, SiloPeers peers, TimeProvider system)
    {
        _callback = callback;
        _state = state;
        _peers = peers;
        _system = system;
        // Listen first: a peer that appears while the first schedule reads Present is then seen either way.
        _peers.Changed += OnPeersChanged;
        lock (_gate)
        {
            Schedule(dueTime, period);
        }

        new Thread(TickWhileAlone) { IsBackground = true, Name = "Chapp stall tick" }.Start();
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            Schedule(dueTime, period);
        }

        return true;
    }

    public void Dispose()
    {
        _peers.Changed -= OnPeersChanged;
        lock (_gate)
        {
            _disposed = true;
            _poolTimer?.Dispose();
            _poolTimer = null;
            Monitor.PulseAll(_gate);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnPeersChanged()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                Schedule(NextDue(), _period);
            }
        }
    }

    // Under _gate. dueTime is from now, as System.Threading.Timer counts it.
    private void Schedule(TimeSpan dueTime, TimeSpan period)
    {
        _period = period;
        _nextTick = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : _system.GetTimestamp() + ToTimestamp(dueTime);
        _poolTimer?.Dispose();
        _poolTimer = _peers.Present ? _system.CreateTimer(_callback, _state, dueTime, period) : null;
        Monitor.PulseAll(_gate);
    }

    private TimeSpan NextDue()
    {
        if (_nextTick == long.MaxValue)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var due = _system.GetElapsedTime(_system.GetTimestamp(), _nextTick);
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    private void TickWhileAlone()
    {
        while (true)
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    var due = NextDue();
                    if (_poolTimer is null && due == TimeSpan.Zero)
                    {
                        _nextTick = NextOnGrid();
                        break;
                    }

                    // With peers the pool timer ticks; this thread sleeps until the silo is alone again.
                    Monitor.Wait(_gate, _poolTimer is null ? WholeMilliseconds(due) : Timeout.InfiniteTimeSpan);
                }
            }

            _callback(_state);
        }
    }

    // The sampler expects ticks on a fixed grid and counts lateness as stall, so the next tick is one period after the
    // due one, not after now; only a thread that fell a whole period behind starts a new grid.
    private long NextOnGrid()
    {
        if (_period <= TimeSpan.Zero || _period == Timeout.InfiniteTimeSpan)
        {
            return long.MaxValue;
        }

        var next = _nextTick + ToTimestamp(_period);
        var now = _system.GetTimestamp();
        return next > now ? next : now + ToTimestamp(_period);
    }

    // Monitor.Wait truncates to milliseconds: a wait of 0.6 ms would return at once and spin until the tick.
    private static TimeSpan WholeMilliseconds(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan ? span : TimeSpan.FromMilliseconds(Math.Ceiling(span.TotalMilliseconds));

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _system.TimestampFrequency);
}
