using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Chapp.Web.Tests.Cluster;

/// <summary>
/// A fault drill: clients chat in a room, a fault strikes mid-chat, they keep chatting; then what each client shows
/// is compared with the message log. Reports how long sends and live delivery stopped.
/// </summary>
public static class ChatDrill
{
    /// <summary>How many drills in a row a test runs: 1 in CI, more when measuring (CHAPP_DRILL_RUNS).</summary>
    public static int Runs => int.TryParse(Environment.GetEnvironmentVariable("CHAPP_DRILL_RUNS"), out var runs) && runs > 0 ? runs : 1;

    /// <summary>
    /// Lets <paramref name="clients"/> chat for <paramref name="before"/>, runs <paramref name="fault"/> (which returns
    /// once the fault has struck), lets them chat for <paramref name="after"/> more, then waits for every pending send and fills every client's gaps.
    /// <paramref name="alongside"/> (a browser typing, say) runs with the clients and ends, sends settled, when told to stop.
    /// </summary>
    public static async Task<DrillResult> RunAsync(IReadOnlyList<DrillClient> clients, Stopwatch clock, string roomId,
        string connectionString, Func<Task> fault, TimeSpan before, TimeSpan after, Func<CancellationToken, Task>? alongside = null)
    {
        using var stop = new CancellationTokenSource();
        var senders = clients.Select(c => Task.Run(() => c.SendUntilAsync(stop.Token, TimeSpan.FromMilliseconds(100))))
            .Append(alongside is null ? Task.CompletedTask : Task.Run(() => alongside(stop.Token))).ToArray();
        await Task.Delay(before);
        // Measured from when the fault has struck (the process is gone, the database is down), not when it was asked for.
        await fault();
        var faultAt = clock.Elapsed;
        await Task.Delay(after);
        stop.Cancel();
        // A send still failing long after the fault means the app did not recover: fail rather than wait forever.
        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(30));

        // Every sender has settled, so the log is final: each client is filled up to its end.
        await Task.Delay(500); // The last live frames.
        var log = await ReadLogAsync(connectionString, roomId);
        foreach (var client in clients)
        {
            await client.FillUpToAsync(log[^1].Seq);
        }

        return new DrillResult(clients, faultAt, log);
    }

    private static async Task<IReadOnlyList<LoggedMessage>> ReadLogAsync(string connectionString, string roomId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT seq, message_id, author, client_message_id, body FROM chapp_messages WHERE room_id = @room ORDER BY seq", connection);
        command.Parameters.AddWithValue("room", roomId);
        await using var reader = await command.ExecuteReaderAsync();
        var log = new List<LoggedMessage>();
        while (await reader.ReadAsync())
        {
            log.Add(new LoggedMessage(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        }

        return log;
    }

    /// <summary>One row of the message log.</summary>
    public sealed record LoggedMessage(long Seq, Guid Id, string Author, string ClientMessageId, string Text);

    /// <summary>What a drill saw.</summary>
    public sealed class DrillResult(IReadOnlyList<DrillClient> clients, TimeSpan faultAt, IReadOnlyList<LoggedMessage> log)
    {
        private IEnumerable<DrillClient.Ack> Acks => clients.SelectMany(c => c.Acked);

        /// <summary>The message log of the room after the drill.</summary>
        public IReadOnlyList<LoggedMessage> Log => log;

        /// <summary>The first seq of a message first sent after the fault: certainly stored after it.</summary>
        public long FirstSeqAfterFault =>
            Acks.Where(a => a.FirstAttempt > faultAt).Select(a => a.Message.Seq).DefaultIfEmpty(long.MaxValue).Min();

        /// <summary>From the fault until the first acknowledgement of a send attempted after it.</summary>
        public TimeSpan? SendsResumedAfter =>
            Acks.Where(a => a.LastAttempt > faultAt).Select(a => (TimeSpan?)(a.At - faultAt)).Min();

        /// <summary>From the fault until a message stored after it first reached a client live.</summary>
        public TimeSpan? LiveResumedAfter
        {
            get
            {
                var first = FirstSeqAfterFault;
                return clients.SelectMany(c => c.Live).Where(l => l.Seq >= first).Select(l => (TimeSpan?)(l.At - faultAt)).Min();
            }
        }

        /// <summary>Messages acknowledged to senders after the fault.</summary>
        public int AckedAfterFault => Acks.Count(a => a.At > faultAt);

        /// <summary>Messages acknowledged in the drill's last <paramref name="window"/> that some client did not get live.</summary>
        public IReadOnlyList<string> NotLiveAtTheEnd(TimeSpan window)
        {
            var end = Acks.Max(a => a.At);
            var recent = Acks.Where(a => a.At > end - window).Select(a => a.Message.Seq).ToArray();
            return clients.SelectMany(c => recent.Where(seq => c.Live.All(l => l.Seq != seq))
                    .Select(seq => $"{c.UserName} missed #{seq} live (sent by {Acks.First(a => a.Message.Seq == seq).Message.Author}, last live #{c.Live.Select(l => l.Seq).DefaultIfEmpty().Max()})"))
                .ToArray();
        }

        /// <summary>Everything wrong with the outcome, as sentences; empty when every client has every message once, in order.</summary>
        public IReadOnlyList<string> Problems()
        {
            var problems = new List<string>();
            var seqs = log.Select(m => m.Seq).ToArray();
            if (!seqs.SequenceEqual(Enumerable.Range(1, seqs.Length).Select(i => (long)i)))
            {
                problems.Add("The log's seqs are not 1..N: " + string.Join(',', seqs));
            }

            foreach (var duplicate in log.GroupBy(m => (m.Author, m.ClientMessageId)).Where(g => g.Count() > 1))
            {
                problems.Add($"Stored {duplicate.Count()} times: {duplicate.Key}");
            }

            var byKey = log.ToDictionary(m => (m.Author, m.ClientMessageId));
            foreach (var client in clients)
            {
                foreach (var message in client.Acked.Select(a => a.Message))
                {
                    if (!byKey.TryGetValue((message.Author, message.ClientMessageId), out var stored) || stored.Seq != message.Seq || stored.Id != message.Id)
                    {
                        problems.Add($"{client.UserName}: acknowledged #{message.Seq} is not what the log holds");
                    }
                }

                var shown = client.Shown.Select(m => (m.Seq, m.Id)).ToArray();
                var expected = log.Select(m => (m.Seq, m.Id)).ToArray();
                if (!shown.SequenceEqual(expected))
                {
                    problems.Add($"{client.UserName} shows {shown.Length} messages, the log holds {expected.Length}; first difference at #"
                        + shown.Zip(expected).FirstOrDefault(p => p.First != p.Second).Second.Seq);
                }

                problems.AddRange(client.Conflicts.Select(seq => $"{client.UserName}: #{seq} arrived as two different messages"));
            }

            return problems;
        }

        /// <summary>One line with the figures, for test output and docs/FAILOVER.md.</summary>
        public string Figures(string drill) => string.Format(CultureInfo.InvariantCulture,
            "DRILL {0}: sends resumed after {1:F2} s, live delivery after {2:F2} s; {3} messages stored, {4} after the fault, {5} retries",
            drill, SendsResumedAfter?.TotalSeconds ?? double.NaN, LiveResumedAfter?.TotalSeconds ?? double.NaN, log.Count,
            AckedAfterFault, clients.Sum(c => c.Retries));

        /// <summary>Appends <see cref="Figures"/> to the file named by CHAPP_DRILL_LOG, when set.</summary>
        public void Record(string drill)
        {
            if (Environment.GetEnvironmentVariable("CHAPP_DRILL_LOG") is { Length: > 0 } path)
            {
                File.AppendAllText(path, Figures(drill) + Environment.NewLine, new UTF8Encoding(false));
            }
        }
    }
}
