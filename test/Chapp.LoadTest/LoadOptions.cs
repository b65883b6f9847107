using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>Command-line options; unset numbers take the scenario's defaults (see <see cref="Usage"/>).</summary>
public sealed class LoadOptions
{
    /// <summary>fanout, history, join, rooms, cluster or search.</summary>
    public string Scenario { get; private set; } = "fanout";

    /// <summary>A running server to target (loopback only), instead of starting one.</summary>
    public Uri? Url { get; private set; }

    /// <summary>sqlite or postgres: start the server(s) as child processes on a fresh database.</summary>
    public string? Start { get; private set; }

    /// <summary>Connections.</summary>
    public int? N { get; private set; }

    /// <summary>Connections for the join scenario, one run each.</summary>
    public IReadOnlyList<int> NList { get; private set; } = [1000, 5000];

    /// <summary>Senders (the first S connections, one account each).</summary>
    public int? S { get; private set; }

    /// <summary>Messages per second per sender.</summary>
    public double? R { get; private set; }

    /// <summary>rooms: posts per second in all (sets R = rate / S).</summary>
    public double? Rate { get; private set; }

    /// <summary>rooms: how many rooms the connections are split over.</summary>
    public int? Rooms { get; private set; }

    /// <summary>Measured seconds.</summary>
    public double? D { get; private set; }

    /// <summary>Warm-up seconds before the measured window.</summary>
    public double? W { get; private set; }

    /// <summary>Accounts; connections are spread over them round-robin.</summary>
    public int? Users { get; private set; }

    /// <summary>Seconds to wait after the last send for stragglers.</summary>
    public double Grace { get; private set; } = 10;

    /// <summary>The room every connection joins.</summary>
    public string Room { get; private set; } = "lobby";

    /// <summary>Also run each fanout / join plan against the bare hub (no storage) and print the ratios.</summary>
    public bool Baseline { get; private set; }

    /// <summary>Compared runs: rounds of Chapp and its variants, each bracketed by bare-hub runs (see <see cref="CompareSchedule"/>).</summary>
    public int Rounds { get; private set; } = 1;

    /// <summary>Rows pre-filled into the room for the history scenario.</summary>
    public int Prefill { get; private set; } = 1_000_000;

    /// <summary>Connections opened at once.</summary>
    public int ConnectParallelism { get; private set; } = 64;

    /// <summary>Sign-ups at once (PBKDF2-bound on the server).</summary>
    public int SignupParallelism { get; private set; } = 4;

    /// <summary>Extra characters added to each message text.</summary>
    public int Padding { get; private set; }

    /// <summary>First HTTP port of started servers (the second gets +1).</summary>
    public int Port { get; private set; } = 5380;

    /// <summary>First silo port of started servers.</summary>
    public int SiloPort { get; private set; } = 11311;

    /// <summary>First gateway port of started servers.</summary>
    public int GatewayPort { get; private set; } = 30311;

    /// <summary>A server process to watch when targeting <see cref="Url"/>.</summary>
    public int? ServerPid { get; private set; }

    /// <summary>Admin connection string (a role allowed to create databases).</summary>
    public string PgAdmin { get; private set; } = "Host=127.0.0.1;Port=5432;Username=chapp;Password=chapp;Database=postgres";

    /// <summary>Appends each JSON result line to this file as well.</summary>
    public string? JsonOut { get; private set; }

    /// <summary>Keeps the temp data directory and PostgreSQL databases.</summary>
    public bool Keep { get; private set; }

    /// <summary>Opens each WebSocket without a negotiate request, as Chapp's browser page does.</summary>
    public bool SkipNegotiation { get; private set; }

    /// <summary>Connections that only receive speak the hub protocol over a bare WebSocket (<see cref="RawReceiver"/>).</summary>
    public bool RawReceivers { get; private set; }

    /// <summary>Each Chapp connection also opens its user's inbox after joining, as the browser's sidebar does.</summary>
    public bool Inbox { get; private set; }

    /// <summary>Extra environment settings for every Chapp server started (<c>--server-env K=V</c>, repeatable).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ServerEnv => _serverEnv;

    /// <summary>Idle, fanout, join, rooms: more Chapp servers to measure, each with its own settings (<c>--variant name:K=V,K=V</c>).</summary>
    public IReadOnlyList<IdleVariant> Variants => _variants;

    private readonly List<KeyValuePair<string, string>> _serverEnv = [];
    private readonly List<IdleVariant> _variants = [];

    /// <summary>Skips building Chapp.Web before starting it.</summary>
    public bool NoBuild { get; private set; }

    /// <summary>Skips the load tool's own unmeasured warm-up against a bare hub before the first measured run.</summary>
    public bool NoWarmUp { get; private set; }

    /// <summary>search: a SQLite file or PostgreSQL database to fill once and reuse.</summary>
    public string? SearchDb { get; private set; }

    /// <summary>The text printed for --help.</summary>
    public const string Usage = """
        Chapp load test. Targets loopback only.
          --scenario fanout|history|join|rooms|cluster|idle|search   (default fanout)
          --url http://127.0.0.1:5000  | --start sqlite|postgres   (cluster: postgres only)
          --n N --s S --r R --d D --w W   connections, senders, msgs/s per sender, measured s, warm-up s
                defaults: fanout 100/5/10/20/5; history 10/10/50/20/10 (10,000 measured posts per run);
                join --n-list 1000,5000 with S=1 R=1 D=5 W=2; cluster 100/5/10/20/5 (senders on server b)
          --rooms K --rate P rooms: N connections in K rooms of N/K, one sender per room (S=K), P posts/s in all;
                             defaults K=2000, N=5K, P=1000, D=20, W=5 (scale down: --rooms 200 --rate 100)
          idle: no connections; settle W s after /healthz (default 20; 100 to be past the JIT's tier-up), then CPU, thread wake-ups and CPU by thread over D s (default 60)
          --server-env K=V   extra environment setting for every Chapp server started (repeatable)
          --variant NAME:K=V,K=V   idle, fanout, join, rooms: also measure a Chapp server with these settings
                             (repeatable; DLL=path runs another build of Chapp.Web.dll), same invocation
          --users U          accounts (default min(N,100)); connections use them round-robin, sender i uses account i
          --grace SEC        wait for stragglers after the last send (default 10)
          --room ID          room to join (default lobby)
          --prefill ROWS     history: rows pre-filled into the room; search: messages in 100 rooms (default 1000000)
          --search-db DB     search: reuse this SQLite file / PostgreSQL database name (filled on first use, kept)
                             search: --n = searches per query shape (default 200)
          --padding CHARS    extra characters per message text
          --connect-parallelism P (64)  --signup-parallelism P (4)
          --port P --silo-port P --gateway-port P   first ports of started servers (5380/11311/30311)
          --server-pid PID   with --url: watch this process's CPU and RSS
          --pg-admin CS      admin connection string for creating databases
          --json-out FILE    also append the JSON result lines to FILE
          --baseline         fanout, join, rooms: run the same plan against test/Chapp.BareHub (a SignalR hub that stores
                             nothing) before AND after Chapp (and its variants), and print Chapp/baseline ratios: medians
                             over the runs, and each round against the two bare-hub runs around it
          --rounds K         fanout, join, rooms with --baseline or --variant: K rounds (default 1), Chapp then the variants
                             in odd rounds, the reverse in even ones, the bare hub before, between and after them; use an
                             even K to compare variants with each other fairly; history: K rounds of the empty and
                             the prefilled room in turn (empty first in odd rounds), ratios of the medians
          --skip-negotiation open each WebSocket without a negotiate request, as Chapp's page does (default: negotiate)
          --no-warmup        fanout, join, rooms with --baseline or --variant: skip the tool's own warm-up (up to 1,000
                             connections to a bare hub, not measured) that keeps the first measured server from paying
                             for the tool's JIT and heap growth
          --raw-receivers    connections that only receive read the hub protocol from a bare WebSocket, without the
                             SignalR .NET client (and without negotiating): a fraction of the tool's CPU per delivery
          --inbox            each Chapp connection also opens its inbox after joining, as the sidebar does (default: off)
          --keep             keep temp data and databases;  --no-build  do not build Chapp.Web first
        """;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> on a bad one.</summary>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var o = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            double Dbl() => double.Parse(Value(), CultureInfo.InvariantCulture);
            switch (name)
            {
                case "--scenario": o.Scenario = Value().ToLowerInvariant(); break;
                case "--url": o.Url = new Uri(Value().TrimEnd('/') + "/"); break;
                case "--start": o.Start = Value().ToLowerInvariant(); break;
                case "--n": o.N = Int(); break;
                case "--n-list": o.NList = Value().Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--s": o.S = Int(); break;
                case "--r": o.R = Dbl(); break;
                case "--rate": o.Rate = Dbl(); break;
                case "--rooms": o.Rooms = Int(); break;
                case "--d": o.D = Dbl(); break;
                case "--w": o.W = Dbl(); break;
                case "--users": o.Users = Int(); break;
                case "--grace": o.Grace = Dbl(); break;
                case "--room": o.Room = Value(); break;
                case "--prefill": o.Prefill = Int(); break;
                case "--rounds": o.Rounds = Int(); break;
                case "--padding": o.Padding = Int(); break;
                case "--connect-parallelism": o.ConnectParallelism = Int(); break;
                case "--signup-parallelism": o.SignupParallelism = Int(); break;
                case "--port": o.Port = Int(); break;
                case "--silo-port": o.SiloPort = Int(); break;
                case "--gateway-port": o.GatewayPort = Int(); break;
                case "--server-pid": o.ServerPid = Int(); break;
                case "--pg-admin": o.PgAdmin = Value(); break;
                case "--search-db": o.SearchDb = Value(); break;
                case "--json-out": o.JsonOut = Value(); break;
                case "--keep": o.Keep = true; break;
                case "--baseline": o.Baseline = true; break;
                case "--no-build": o.NoBuild = true; break;
                case "--skip-negotiation": o.SkipNegotiation = true; break;
                case "--raw-receivers": o.RawReceivers = true; break;
                case "--no-warmup": o.NoWarmUp = true; break;
                case "--inbox": o.Inbox = true; break;
                case "--server-env": o._serverEnv.Add(Setting(Value())); break;
                case "--variant":
                    var variant = Value();
                    var colon = variant.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0)
                    {
                        throw new ArgumentException("--variant is NAME:K=V[,K=V].");
                    }

                    o._variants.Add(new IdleVariant(variant[..colon], [.. variant[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Setting)]));
                    break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }

        o.Validate();
        return o;
    }

    private static KeyValuePair<string, string> Setting(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? new KeyValuePair<string, string>(text[..equals], text[(equals + 1)..])
            : throw new ArgumentException($"'{text}' is not K=V.");
    }

    private void Validate()
    {
        if (Scenario is not ("fanout" or "history" or "join" or "rooms" or "cluster" or "idle" or "search"))
        {
            throw new ArgumentException($"Unknown scenario '{Scenario}'.");
        }

        if (Url is not null && !Url.IsLoopback)
        {
            throw new ArgumentException("--url must be a loopback address (127.0.0.1 or localhost).");
        }

        if (Start is not (null or "sqlite" or "postgres"))
        {
            throw new ArgumentException("--start is sqlite or postgres.");
        }

        if ((Url is null) == (Start is null))
        {
            throw new ArgumentException("Give exactly one of --url and --start.");
        }

        if (Scenario is "history" or "join" or "rooms" or "cluster" or "idle" && Start is null)
        {
            throw new ArgumentException($"The {Scenario} scenario starts its own servers: use --start.");
        }

        if (Scenario == "cluster" && Start != "postgres")
        {
            throw new ArgumentException("The cluster scenario needs --start postgres (AdoNet clustering).");
        }

        if (N is < 1 or > 20000 || S is < 0 || R is <= 0 or > 1000 || D is <= 0 or > 3600 || W is < 0 or > 600 || Grace is < 0 or > 300)
        {
            throw new ArgumentException("Out-of-range --n/--s/--r/--d/--w/--grace (n 1–20000, r ≤ 1000/s, d ≤ 3600 s, w ≤ 600 s, grace ≤ 300 s).");
        }

        if (Rooms is < 1 or > 10000 || Rate is <= 0 or > 100000 || (Rooms is not null && Scenario != "rooms"))
        {
            throw new ArgumentException("--rooms (1–10000) and --rate (posts/s, ≤ 100000) belong to the rooms scenario.");
        }

        if (Rounds is < 1 or > 10)
        {
            throw new ArgumentException("--rounds is 1–10.");
        }

        if (_variants.Select(v => v.Name).Append("chapp").Append(CompareSchedule.Baseline).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            throw new ArgumentException("Each --variant needs a name of its own, other than 'chapp' and 'bare hub'.");
        }

        if (NList.Any(n => n is < 1 or > 20000))
        {
            throw new ArgumentException("--n-list values are 1–20000.");
        }
    }
}
