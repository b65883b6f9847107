using System.Diagnostics;
using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>
/// One measured run: accounts, N connections joined to one room (or split over many, <see cref="RoomLayout"/>), S
/// senders sending open-loop on a fixed schedule (send time = scheduled time, late slots fire late but are never
/// skipped), receivers recording every delivery, then a grace period for stragglers and the tally.
/// </summary>
public sealed partial class FanoutRun(RunPlan plan, LoadOptions options, IReadOnlyList<ProcessMonitor> monitors)
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
    private readonly RoomLayout _layout = new(plan.N, plan.Rooms, plan.S);
    private string[] _roomIds = [plan.Room];

    /// <summary>Runs the plan and returns what it measured.</summary>
    public async Task<RunResult> RunAsync(CancellationToken cancellationToken)
    {
        if (plan.S > plan.N || (plan.Rooms == 1 && plan.S > plan.Users) || (plan.Rooms > 1 && !plan.SendersReceive))
        {
            throw new ArgumentException($"In one room each sender needs its own account and connection: S={plan.S} must be ≤ users={plan.Users} and ≤ N={plan.N}; several rooms need senders that receive.");
        }

        var where = plan.Rooms == 1 ? "room=" + plan.Room : $"{plan.Rooms} rooms of {_layout.RoomSize}, {_layout.SendersPerRoom} sender(s) each";
        Console.WriteLine($"[{plan.Phase}] run {_run}: N={plan.N} S={plan.S} R={plan.R}/s D={plan.D}s W={plan.W}s users={plan.Users} {where}");
        var loadBefore = Machine.LoadAverage();
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
        var roomClock = Stopwatch.StartNew();
        _roomIds = await RoomIdsAsync(accounts, cancellationToken);
        var roomSeconds = roomClock.Elapsed.TotalSeconds;
        if (plan.Rooms > 1)
        {
            Console.WriteLine($"[{plan.Phase}] {plan.Rooms} rooms {(plan.CreateRooms ? "created" : "named")} in {roomSeconds:F1} s");
        }

        var roomOf = Enumerable.Range(0, plan.Receivers).Select(r => plan.SendersReceive ? _layout.RoomOf(r) : 0).ToArray();
        var tracker = new DeliveryTracker(_run, plan.Receivers, plan.S, plan.PerSender, plan.FirstMeasured, roomOf, _layout.SendersPerRoom);
        using var shared = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = Math.Max(8, options.ConnectParallelism),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        var connections = new ILoadConnection[plan.N];
        for (var i = 0; i < plan.N; i++)
        {
            var isSender = _layout.SenderOf(i) >= 0;
            var account = isSender ? senderAccounts[i % senderAccounts.Length] : accounts[i % accounts.Length];
            connections[i] = isSender || !options.RawReceivers
                ? new LoadConnection(isSender ? plan.SenderUrl : plan.ReceiverUrl, account, shared, tracker, ReceiverOf(i), options.SkipNegotiation)
                : new RawReceiver(plan.ReceiverUrl, account.CookieHeader, tracker, ReceiverOf(i));
        }

        try
        {
            var cpuBeforeConnect = ServerCpu();
            var (connectSeconds, failures) = await ConnectAllAsync(connections, tracker, cancellationToken);
            var connectCpu = ServerCpu() - cpuBeforeConnect;
            Console.WriteLine($"[{plan.Phase}] {plan.N - failures.Count}/{plan.N} connected and joined in {connectSeconds:F2} s");
            foreach (var failure in failures.Take(5))
            {
                Console.WriteLine($"[{plan.Phase}]   connect failure: {failure}");
            }

            var clientBeforeSends = Process.GetCurrentProcess().TotalProcessorTime;
            var (jit0, gcs0, pause0) = (System.Runtime.JitInfo.GetCompilationTime(), GC.CollectionCount(0), GC.GetTotalPauseDuration());
            var schedule = await SendAndReceiveAsync(connections, tracker, cancellationToken);
            var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientStart).TotalSeconds;
            foreach (var monitor in monitors)
            {
                monitor.Sample();
            }

            var disconnects = connections.Count(c => c.Started && c.Closed);
            var serverWindow = schedule.CpuEnd - schedule.CpuStart;
            var offered = plan.S * plan.R * ((plan.Receivers / plan.Rooms) - (SelfDelivery || !plan.SendersReceive ? 0 : 1));
            var postsInWindow = plan.S * plan.R * plan.D;
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
                Rooms = plan.Rooms,
                AccountSeconds = Math.Round(accountSeconds, 2),
                RoomSetupSeconds = Math.Round(roomSeconds, 2),
                ConnectJoinSeconds = Math.Round(connectSeconds, 3),
                ServerCpuConnectSeconds = Math.Round(connectCpu, 2),
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
                DeliveriesPerFrame = tracker.FrameCount > 0 ? Math.Round((double)tracker.TotalDeliveries() / tracker.FrameCount, 2) : 0,
                Disconnects = disconnects,
                ServerCpuSeconds = Math.Round(serverWindow, 2),
                ServerCpuSecondsTotal = Math.Round(ServerCpu() - cpuStart, 2),
                ServerCpuPercent = Math.Round(serverWindow / plan.D * 100, 1),
                ServerCpuMsPerPost = Math.Round(serverWindow * 1000 / postsInWindow, 3),
                ServerCpuUsPerDelivery = tracker.InWindowCount > 0 ? Math.Round(serverWindow * 1e6 / tracker.InWindowCount, 2) : 0,
                ClientCpuWindowSeconds = Math.Round(schedule.ClientCpuEnd - schedule.ClientCpuStart, 2),
                ClientCpuSendPhaseSeconds = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - clientBeforeSends).TotalSeconds, 2),
                ClientJitMs = Math.Round((System.Runtime.JitInfo.GetCompilationTime() - jit0).TotalMilliseconds, 1),
                ClientGc = [GC.CollectionCount(0) - gcs0, Math.Round((GC.GetTotalPauseDuration() - pause0).TotalMilliseconds, 1)],
                ServerPeakRssMb = monitors.Select(m => Math.Round(m.PeakRssMb, 1)).ToArray(),
                ServerHwmMb = monitors.Select(m => Math.Round(m.HighWaterMb, 1)).ToArray(),
                ClientCpuSeconds = Math.Round(clientCpu, 2),
                ClientPeakMb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
                LoadAverage = [loadBefore, Machine.LoadAverage()],
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

    private int SenderReceiver(int sender) => ReceiverOf(_layout.ConnectionOf(sender));

    private string AccountNote() => plan.N > plan.Users
        ? $"{plan.N} connections share {plan.Users} accounts round-robin (sign-up hashes passwords with PBKDF2); " +
          (plan.S <= plan.Users && plan.Rooms == 1 ? $"each of the {plan.S} senders has its own account" : "senders share them too")
        : $"one account per connection ({plan.Users})";
    private double ServerCpu()
    {
        var sum = 0.0;
        foreach (var monitor in monitors)
        {
            sum += monitor.CpuSeconds();
        }

        return sum;
    }

    private static async Task DisposeAllAsync(ILoadConnection[] connections)
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
