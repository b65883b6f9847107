using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace Chapp.Grains;

/// <summary>
/// The presence of one room; see <see cref="IRoomPresenceGrain"/>. No persistent state: presence is ephemeral and is
/// rebuilt from the web processes' periodic reports within one refresh period if the activation is lost.
/// </summary>
public sealed class RoomPresenceGrain(IOptions<PresenceOptions> options, TimeProvider clock) : Grain, IRoomPresenceGrain
{
    private readonly Dictionary<string, ProcessReport> _processes = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _published = [];
    private string _roomId = string.Empty;
    private IAsyncStream<IRoomSideEvent>? _stream;
    private IGrainTimer? _sweep;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _roomId = ChappGrainFactoryExtensions.StripPrefix(this.GetPrimaryKeyString(), ChappGrainFactoryExtensions.PresenceKeyPrefix);
        _stream = RoomSideStream.Of(this.GetStreamProvider(ChappNames.StreamProvider), _roomId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Report(string processId, IReadOnlyList<string> userNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(processId);
        ArgumentNullException.ThrowIfNull(userNames);
        if (userNames.Count == 0)
        {
            _processes.Remove(processId);
        }
        else
        {
            _processes[processId] = new ProcessReport(userNames.ToArray(), clock.GetUtcNow());
        }

        return Changed();
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> Get() => Task.FromResult(Union());

    private Task Sweep(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.Expiry;
        foreach (var (processId, report) in _processes.ToArray())
        {
            if (report.ReportedAt < cutoff)
            {
                _processes.Remove(processId);
            }
        }

        return Changed();
    }

    private async Task Changed()
    {
        // The timer runs only while there is something to expire: an idle room's grain costs nothing and can be collected.
        if (_processes.Count > 0 && _sweep is null)
        {
            var period = options.Value.SweepPeriod;
            _sweep = this.RegisterGrainTimer(Sweep, period, period);
        }
        else if (_processes.Count == 0 && _sweep is not null)
        {
            _sweep.Dispose();
            _sweep = null;
        }

        var union = Union();
        if (union.SequenceEqual(_published, StringComparer.Ordinal))
        {
            return;
        }

        await _stream!.OnNextAsync(new RoomPresence(_roomId, union));
        // Only after a successful publish: a failed one is retried by the next report or sweep.
        _published = union;
    }

    private IReadOnlyList<string> Union() =>
        _processes.Values.SelectMany(p => p.UserNames)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ThenBy(n => n, StringComparer.Ordinal)
            .ToArray();

    private sealed record ProcessReport(string[] UserNames, DateTimeOffset ReportedAt);
}
