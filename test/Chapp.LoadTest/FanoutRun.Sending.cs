using System.Diagnostics;
using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>
/// The open-loop schedule: one pacer thread fires each send at its slot (late slots fire late, none is skipped),
/// server and client CPU are read over the measured window, then stragglers get the grace period.
/// </summary>
public sealed partial class FanoutRun
{
    private async Task<(double CpuStart, double CpuEnd, double ClientCpuStart, double ClientCpuEnd)> SendAndReceiveAsync(ILoadConnection[] connections, DeliveryTracker tracker, CancellationToken cancellationToken)
    {
        var t0 = Clock.Now + Clock.SecondsToTicks(0.5);
        var windowStart = t0 + Clock.SecondsToTicks(plan.W);
        var windowEnd = windowStart + Clock.SecondsToTicks(plan.D);
        tracker.SetWindow(windowStart, windowEnd);

        // Server and client CPU exactly over the measured window, read by a timer-driven task.
        var cpuTask = Task.Run(async () =>
        {
            await Machine.DelayUntil(windowStart, cancellationToken);
            var start = ServerCpu();
            var clientStart = Machine.ClientCpu();
            await Machine.DelayUntil(windowEnd, cancellationToken);
            return (start, ServerCpu(), clientStart, Machine.ClientCpu());
        }, cancellationToken);

        var total = plan.S * plan.PerSender;
        var sends = new Task[total];
        var padding = options.Padding > 0 ? " " + new string('x', options.Padding) : string.Empty;
        var pacer = new Thread(() => Pace(connections, tracker, t0, sends, padding, cancellationToken))
        {
            IsBackground = true,
            Name = "pacer",
            Priority = ThreadPriority.AboveNormal,
        };
        pacer.Start();
        Console.WriteLine($"[{plan.Phase}] sending {total} messages ({plan.S} × {plan.PerSender}) over {plan.W + plan.D:F0} s …");
        await Task.Run(pacer.Join, cancellationToken);

        // Every send answers (or fails) within the grace period; then wait for stragglers, at most the grace period.
        var grace = TimeSpan.FromSeconds(options.Grace);
        await Task.WhenAny(Task.WhenAll(sends), Task.Delay(grace + TimeSpan.FromSeconds(30), cancellationToken));
        var deadline = Clock.Now + Clock.SecondsToTicks(options.Grace);
        var expected = tracker.ExpectedDeliveries(SenderReceiver, SelfDelivery);
        while (Clock.Now < deadline && tracker.TotalDeliveries() < expected)
        {
            await Task.Delay(100, cancellationToken);
        }

        return await cpuTask;
    }

    private void Pace(ILoadConnection[] connections, DeliveryTracker tracker, long t0, Task[] sends, string padding, CancellationToken cancellationToken)
    {
        var ticksPerEvent = Stopwatch.Frequency / (plan.S * plan.R);
        for (var i = 0; i < sends.Length; i++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                for (; i < sends.Length; i++)
                {
                    sends[i] = Task.CompletedTask;
                }

                return;
            }

            var due = t0 + (long)(i * ticksPerEvent);
            var now = Clock.Now;
            // Sleep rather than spin: a spinning pacer would take a core from the server it measures. A send up to
            // ~1 ms late is reported as pacer lateness and counted in every latency (the clock starts at `due`).
            while (now < due)
            {
                Thread.Sleep(1);
                now = Clock.Now;
            }

            var sender = i % plan.S;
            var index = i / plan.S;
            if (index >= plan.FirstMeasured)
            {
                _pacerLag.RecordTicks(due, now);
            }

            // Senders are always .NET clients: only they invoke Send.
            sends[i] = SendOne((LoadConnection)connections[_layout.ConnectionOf(sender)], tracker, sender, index, due, padding);
        }
    }

    private async Task SendOne(LoadConnection connection, DeliveryTracker tracker, int sender, int index, long due, string padding)
    {
        try
        {
            var text = LoadMessageText.Format(_run, sender, index, due, padding);
            var clientId = string.Create(CultureInfo.InvariantCulture, $"lt{_run}-{sender}-{index}");
            await connection.SendAsync(_roomIds[sender / _layout.SendersPerRoom], text, clientId);
            if (index >= plan.FirstMeasured)
            {
                _post.RecordTicks(due, Clock.Now);
            }

            tracker.Accept(sender, index);
        }
        catch (Exception e)
        {
            _sendErrors.Add(e);
        }
    }
}
