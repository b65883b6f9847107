using System.Globalization;

namespace Chapp.LoadTest;

/// <summary>Compared runs (Chapp, its variants, the bare hub) in the fair order of <see cref="CompareSchedule"/>.</summary>
public sealed partial class ScenarioRunner
{
    // Every compared server runs on a fresh database of its own (the first Chapp run on the one already made), one
    // after the other in the schedule's order, with a few quiet seconds between runs so one server's exit and the
    // sockets it left do not weigh on the next. Ratios follow FairRatio: medians over the runs, and per round.
    private async Task<RunResult> ComparedAsync(Workspace workspace, string scenario, string phase, PlanDefaults defaults, DatabaseTarget firstDatabase,
        CancellationToken cancellationToken)
    {
        if (!options.NoWarmUp && !_warmedUp)
        {
            await WarmUpAsync(workspace, defaults, cancellationToken);
        }

        var settings = options.Variants.ToDictionary(v => v.Name, v => v.Settings);
        var schedule = CompareSchedule.Build([Chapp, .. options.Variants.Select(v => v.Name)], options.Baseline, options.Rounds);
        Console.WriteLine($"[{phase}] order: {string.Join(", ", schedule.Select(s => $"#{s.Position} {s.Server}"))}");
        var runs = new List<ScheduledRun>();
        DatabaseTarget? database = firstDatabase;
        foreach (var slot in schedule)
        {
            if (slot.Position > 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            }

            var label = string.Create(CultureInfo.InvariantCulture, $"{phase} ({slot.Server}, #{slot.Position} of {schedule.Count})");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{label}] load average {Machine.LoadAverage():F2}"));
            RunResult result;
            if (slot.IsBaseline)
            {
                await using var bare = await workspace.StartBaselineAsync(cancellationToken);
                var plan = defaults with { Scenario = scenario, Phase = label, Database = "none", ReceiverUrl = bare.Url, SenderUrl = bare.Url };
                result = await RunPlanAsync(plan, [bare.Monitor], cancellationToken);
            }
            else
            {
                database ??= await workspace.NewDatabaseAsync($"{phase}-{slot.Server}-{slot.Position}", cancellationToken);
                await using var server = await workspace.StartServerAsync(database, 0, $"load-{Guid.NewGuid():N}"[..16], cancellationToken,
                    slot.Server == Chapp ? null : settings[slot.Server]);
                var plan = defaults with { Scenario = scenario, Phase = label, Database = database.Kind, ReceiverUrl = server.Url, SenderUrl = server.Url, CreateRooms = defaults.Rooms > 1 };
                result = await RunPlanAsync(plan, [server.Monitor], cancellationToken);
                database = null;
            }

            runs.Add(new ScheduledRun(slot, result));
        }

        RunResult[] Of(string server) => [.. runs.Where(r => r.Slot.Server == server).Select(r => r.Result)];
        Console.WriteLine();
        Console.WriteLine(ScheduleReport.Order(runs));
        Console.WriteLine(ScheduleReport.Rounds(runs));
        foreach (var server in (string[])[Chapp, .. options.Variants.Select(v => v.Name)])
        {
            if (options.Baseline)
            {
                Console.WriteLine(Reporter.Ratios(Of(server), Of(CompareSchedule.Baseline), server == Chapp ? "Chapp" : $"Chapp ({server})"));
            }

            if (server != Chapp)
            {
                Console.WriteLine(Reporter.Ratios(Of(Chapp), Of(server), "Chapp", server));
            }
        }

        return Of(Chapp)[0];
    }

    private const string Chapp = "chapp";
}
