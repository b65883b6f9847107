namespace Chapp.Silo.Idle;

/// <summary>
/// Smooths a load reading the way load shedding and placement want it: a rise shows at once (a silo about to be
/// overloaded must say so now), a fall shows gradually (one quiet moment does not make a busy silo look idle).
/// </summary>
/// <remarks>
/// Readings come at irregular times (whenever Orleans asks), so the decay is by elapsed time, not by reading: after
/// <see cref="DecayTime"/> of lower readings, about 63 % of the gap to them is closed.
/// </remarks>
internal sealed class PeakHoldFilter
{
    /// <summary>How fast the filtered value falls towards lower readings (the exponential's time constant).</summary>
    public static readonly TimeSpan DecayTime = TimeSpan.FromSeconds(10);

    private double _value;
    private long _at;
    private bool _started;

    /// <summary>Takes <paramref name="reading"/>, made at <paramref name="timestamp"/>, and returns the filtered value.</summary>
    public double Filter(double reading, long timestamp, TimeProvider time)
    {
        if (!_started || reading >= _value)
        {
            _started = true;
            _value = reading;
        }
        else
        {
            var elapsed = time.GetElapsedTime(_at, timestamp);
            _value = reading + (_value - reading) * Math.Exp(-elapsed / DecayTime);
        }

        _at = timestamp;
        return _value;
    }
}
