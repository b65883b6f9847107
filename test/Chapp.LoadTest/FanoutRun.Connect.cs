namespace Chapp.LoadTest;

/// <summary>Connecting and joining all N connections, at most <c>--connect-parallelism</c> at once, each timed.</summary>
public sealed partial class FanoutRun
{
    private async Task<(double Seconds, List<string> Failures)> ConnectAllAsync(ILoadConnection[] connections, DeliveryTracker tracker, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var start = Clock.Now;
        await Parallel.ForEachAsync(Enumerable.Range(0, connections.Length),
            new ParallelOptions { MaxDegreeOfParallelism = options.ConnectParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(TimeSpan.FromSeconds(120));
                    var t0 = Clock.Now;
                    await connections[i].StartAsync(timeout.Token);
                    var t1 = Clock.Now;
                    _connect.RecordTicks(t0, t1);
                    await connections[i].JoinAsync(_roomIds[_layout.RoomOf(i)], timeout.Token);
                    if (options.Inbox && plan.Database != "none")
                    {
                        await connections[i].OpenInboxAsync(timeout.Token);
                    }

                    _join.RecordTicks(t1, Clock.Now);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    lock (failures)
                    {
                        failures.Add($"#{i}: {e.GetType().Name}: {e.Message}");
                    }

                    if (ReceiverOf(i) is var r and >= 0)
                    {
                        tracker.MarkDead(r);
                    }
                }
            });
        return (Clock.Seconds(start, Clock.Now), failures);
    }
}
