using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>
/// The history scenario: posting into an empty room against posting into a room of <c>--prefill</c> messages, each
/// database prepared once and then run in turn for <c>--rounds</c> rounds, each run on a fresh server.
/// </summary>
/// <remarks>
/// One run of each side swung by 1.6× with no rows on either side (docs/PERFORMANCE.md, "The 1,000,000-message room on
/// PostgreSQL"): a single compile stall or a neighbour's burst sets the p99 of a 10,000-post window. So the sides take
/// turns (empty first in odd rounds, full first in even ones) and the ratio is of the medians. Every run posts into its
/// room, so by the last round the "empty" room holds a few 10,000 messages: still small against the full one.
/// </remarks>
public sealed partial class ScenarioRunner
{
    private async Task HistoryAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        // A 10 s warm-up: the server compiles its hot paths for the first ~8 s of a run at this rate.
        var defaults = Plan(10, 10, 50, 20, 10);
        var fullPhase = string.Create(CultureInfo.InvariantCulture, $"prefilled-{options.Prefill}");
        var empty = await workspace.NewDatabaseAsync("empty", cancellationToken);
        var full = await workspace.NewDatabaseAsync(fullPhase, cancellationToken);
        await PrefillAsync(workspace, full, options.Prefill, cancellationToken);

        var empties = new List<RunResult>();
        var fulls = new List<RunResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var emptyFirst = round % 2 == 1;
            foreach (var side in emptyFirst ? [false, true] : (bool[])[true, false])
            {
                var phase = (side ? fullPhase : "empty") + (options.Rounds > 1 ? string.Create(CultureInfo.InvariantCulture, $" (round {round})") : string.Empty);
                var result = await RunOnAsync(workspace, side ? full : empty, "history", phase, defaults, cancellationToken);
                (side ? fulls : empties).Add(result);
            }
        }

        Console.WriteLine(Reporter.HistoryRatios(empties, fulls));
    }
}
