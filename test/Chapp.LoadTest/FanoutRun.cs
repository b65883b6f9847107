using System.Diagnostics;
using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>
/// One measured run: accounts, N connections joined to one room, S senders sending open-loop on a fixed
/// schedule (send time = scheduled time, late slots fire late but are never skipped), receivers recording
/// every delivery, then a grace period for stragglers and the tally.
/// </summary>
public sealed class FanoutRun(RunPlan plan, LoadOptions options, IReadOnlyList<ProcessMonitor> monitors)
{
    private const string Password = "Load-Test-pw-1234";

    // The hub sends each message to the whole group, the sender's own connection included.
    private const bool SelfDelivery = true;

    private readonly int _run = Random.Shared.Next(100_000, 999_999);
    private readonly SendErrors _sendErrors = new();
    private readonly LatencyHistogram _post = new();
    private readonly LatencyHistogram _pacerLag = new();
    private readonly LatencyHistogram _connect = new();
    private readonly LatencyHistogram _join = new();

    /// <summary>Runs the plan and returns what it measured.</summary>
    public async Task<RunResult> RunAsync(CancellationToken cancellationToken)
    {
        if (plan.S > plan.Users || plan.S > plan.N)
        {
            throw new ArgumentException($"Each sender needs its own account and connection: S={plan.S} must be ≤ users={plan.Users} and ≤ N={plan.N}.");
        }

        Console.WriteLine($"[{plan.Phase}] run {_run}: N={plan.N} S={plan.S} R={plan.R}/s D={plan.D}s W={plan.W}s users={plan.Users} room={plan.Room}");
        var loadBefore = LoadAverage();
        if (loadBefore > 1.0)
        {
            Console.WriteLine($"[{plan.Phase}] warning: load average {loadBefore:F2} before the run: something else is using the cores");
        }

        var clientStart = Process.GetCurrentProcess().TotalProcessorTime;
        var cpuStart = ServerCpu();

        var accountClock = Stopwatch.StartNew();
        var (accounts, senderAccounts) = await MakeAccountsAsync(cancellationToken);
        var accountSeconds = accountClock.Elapsed.TotalSeconds;
        Console.WriteLine($"[{plan.Phase}] {accounts.Length} accounts in {accountSeconds:F1} s");

        var tracker = new DeliveryTracker(_run, plan.Receivers, plan.S, plan.PerSender, plan.FirstMeasured);
        using var shared = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = Math.Max(8, options.ConnectParallelism),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        var connections = new LoadConnection[plan.N];
        for (var i = 0; i < plan.N; i++)
        {
            var isSender = i < plan.S;
            var account = isSender ? senderAccounts[i] : accounts[i % accounts.Length];
            connections[i] = new LoadConnection(isSender ? plan.SenderUrl : plan.ReceiverUrl, account, shared, tracker, ReceiverOf(i));
        }

        try
        {
            var (connectSeconds, failures) = await ConnectAllAsync(connections, tracker, cancellationToken);
            Console.WriteLine($"[{plan.Phase}] {plan.N - failures.Count}/{plan.N} connected and joined in {connectSeconds:F2} s");
            foreach (var failure in failures.Take(5))
            {
                Console.WriteLine($"[{plan.Phase}]   connect failure: {failure}");
            }

            var schedule = await SendAndReceiveAsync(connections, tracker, cancellationToken);
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientStart).TotalSeconds;
            foreach (var monitor in monitors)
            {
                monitor.Sample();
            }

            var disconnects = connections.Count(c => c.Started && c.Closed);
            var serverWindow = schedule.CpuEnd - schedule.CpuStart;
            var offered = plan.S * plan.R * (plan.Receivers - (SelfDelivery || !plan.SendersReceive ? 0 : 1));
            return new RunResult
            {
                Scenario = plan.Scenario,
                Phase = plan.Phase,
                Database = plan.Database,
                N = plan.N,
                S = plan.S,
                R = plan.R,
                D = plan.D,
                W = plan.W,
                Users = plan.Users,
                Receivers = plan.Receivers,
                AccountSeconds = Math.Round(accountSeconds, 2),
                ConnectJoinSeconds = Math.Round(connectSeconds, 3),
                Connect = _connect.Summarize(),
                Join = _join.Summarize(),
                ConnectFailures = failures.Count,
                Latency = tracker.Latency.Summarize(),
                Post = _post.Summarize(),
                PacerLag = _pacerLag.Summarize(),
                OfferedDeliveriesPerSec = Math.Round(offered, 1),
                AchievedDeliveriesPerSec = Math.Round(tracker.InWindowCount / plan.D, 1),
                SendsAttempted = (long)plan.S * plan.PerSender,
                SendsAccepted = Enumerable.Range(0, plan.S).Sum(tracker.AcceptedCount),
                SendErrors = _sendErrors.Count,
                SendErrorSamples = _sendErrors.Samples(),
                ExpectedDeliveries = tracker.ExpectedDeliveries(SenderReceiver, SelfDelivery),
                ReceivedDeliveries = tracker.TotalDeliveries(),
                Lost = tracker.Lost(SenderReceiver, SelfDelivery),
                Duplicated = tracker.Duplicated,
                OutOfOrder = tracker.OutOfOrderCount,
                Foreign = tracker.ForeignCount,
                Disconnects = disconnects,
                ServerCpuSeconds = Math.Round(serverWindow, 2),
                ServerCpuSecondsTotal = Math.Round(ServerCpu() - cpuStart, 2),
                ServerCpuPercent = Math.Round(serverWindow / plan.D * 100, 1),
                ServerPeakRssMb = monitors.Select(m => Math.Round(m.PeakRssMb, 1)).ToArray(),
                ServerHwmMb = monitors.Select(m => Math.Round(m.HighWaterMb, 1)).ToArray(),
                ClientCpuSeconds = Math.Round(clientCpu, 2),
                ClientPeakMb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
                LoadAverage = [loadBefore, LoadAverage()],
                Note = AccountNote(),
            };
        }
        finally
        {
            await DisposeAllAsync(connections);
        }
    }

    private int ReceiverOf(int connection) =>
        plan.SendersReceive ? connection : connection < plan.S ? -1 : connection - plan.S;

    private int SenderReceiver(int sender) => ReceiverOf(sender);

    private string AccountNote() => plan.N > plan.Users
        ? $"{plan.N} connections share {plan.Users} accounts round-robin (sign-up hashes passwords with PBKDF2); each of the {plan.S} senders has its own account"
        : $"one account per connection ({plan.Users})";

    private async Task<(Account[] All, Account[] Senders)> MakeAccountsAsync(CancellationToken cancellationToken)
    {
        var factory = new AccountFactory(plan.ReceiverUrl, Password);
        var accounts = new Account[plan.Users];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Users),
            new ParallelOptions { MaxDegreeOfParallelism = options.SignupParallelism, CancellationToken = cancellationToken },
            async (i, ct) => accounts[i] = await factory.SignUpOrLogInAsync(UserName(i), ct));
        if (plan.SenderUrl == plan.ReceiverUrl)
        {
            return (accounts, accounts);
        }

        // Another server: log the senders in there too, so nothing depends on shared data-protection keys.
        var senderFactory = new AccountFactory(plan.SenderUrl, Password);
        var senders = new Account[plan.S];
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.S),
            new ParallelOptions { MaxDegreeOfParallelism = options.SignupParallelism, CancellationToken = cancellationToken },
            async (i, ct) => senders[i] = await senderFactory.LogInAsync(UserName(i), ct)
                ?? throw new InvalidOperationException($"Could not log {UserName(i)} in at {plan.SenderUrl}."));
        return (accounts, senders);
    }

    private string UserName(int i) => string.Create(CultureInfo.InvariantCulture, $"lt{_run}u{i}");

    private async Task<(double Seconds, List<string> Failures)> ConnectAllAsync(LoadConnection[] connections, DeliveryTracker tracker, CancellationToken cancellationToken)
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
                    await connections[i].JoinAsync(plan.Room, timeout.Token);
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

    private async Task<(double CpuStart, double CpuEnd)> SendAndReceiveAsync(LoadConnection[] connections, DeliveryTracker tracker, CancellationToken cancellationToken)
    {
        var t0 = Clock.Now + Clock.SecondsToTicks(0.5);
        var windowStart = t0 + Clock.SecondsToTicks(plan.W);
        var windowEnd = windowStart + Clock.SecondsToTicks(plan.D);
        tracker.SetWindow(windowStart, windowEnd);

        // Server CPU exactly over the measured window, read by a timer-driven task.
        var cpuTask = Task.Run(async () =>
        {
            await DelayUntil(windowStart, cancellationToken);
            var start = ServerCpu();
            await DelayUntil(windowEnd, cancellationToken);
            return (start, ServerCpu());
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

    private void Pace(LoadConnection[] connections, DeliveryTracker tracker, long t0, Task[] sends, string padding, CancellationToken cancellationToken)
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

            sends[i] = SendOne(connections[sender], tracker, sender, index, due, padding);
        }
    }

    private async Task SendOne(LoadConnection connection, DeliveryTracker tracker, int sender, int index, long due, string padding)
    {
        try
        {
            var text = LoadMessageText.Format(_run, sender, index, due, padding);
            var clientId = string.Create(CultureInfo.InvariantCulture, $"lt{_run}-{sender}-{index}");
            await connection.SendAsync(plan.Room, text, clientId);
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

    private double ServerCpu()
    {
        var sum = 0.0;
        foreach (var monitor in monitors)
        {
            sum += monitor.CpuSeconds();
        }

        return sum;
    }

    private static double LoadAverage()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static async Task DelayUntil(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Clock.Seconds(Clock.Now, timestamp);
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
        }
    }

    private static async Task DisposeAllAsync(LoadConnection[] connections)
    {
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
        {
            try
            {
                await c.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException)
            {
            }
        });
    }
}
