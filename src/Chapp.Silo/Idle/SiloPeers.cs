namespace Chapp.Silo.Idle;

/// <summary>
/// Whether this silo has peers in its cluster right now, for work that only matters with peers and may sleep while
/// the silo is alone. Membership is the owner of the fact; <see cref="PeerWatch"/> copies it here.
/// </summary>
public sealed class SiloPeers
{
    private readonly Lock _gate = new();
    private bool _present;

    /// <summary>True while at least one other silo is in the cluster and not dead.</summary>
    public bool Present
    {
        get
        {
            lock (_gate)
            {
                return _present;
            }
        }
    }

    /// <summary>Raised after <see cref="Present"/> changes, on the thread that changed it.</summary>
    public event Action? Changed;

    internal void Set(bool present)
    {
        lock (_gate)
        {
            if (_present == present)
            {
                return;
            }

            _present = present;
        }

        Changed?.Invoke();
    }
}
