using Chapp.LoadTest;

namespace Chapp.Web.Tests;

/// <summary>
/// The load tool's order for compared runs and the rule that turns runs into ratios. On this machine a run measures
/// faster the later it comes in an invocation (Chapp's p50 fell 117 → 108 → 102 → 89 ms over four turns of one run);
/// a bare hub that always ran last took the best slot and every ratio was biased against Chapp. Here the machine is
/// simulated as exactly that trend, with every server identical: a fair order and rule must report 1.00×.
/// </summary>
public sealed class LoadToolScheduleTests
{
    private const string Bare = CompareSchedule.Baseline;

    [Fact]
    public void The_bare_hub_runs_before_between_and_after_the_rounds_and_even_rounds_reverse_the_order()
    {
        Assert.Equal([Bare, "chapp", Bare], Servers(CompareSchedule.Build(["chapp"], baseline: true, rounds: 1)));
        Assert.Equal(
            [Bare, "chapp", "before", Bare, "before", "chapp", Bare],
            Servers(CompareSchedule.Build(["chapp", "before"], baseline: true, rounds: 2)));
        Assert.Equal(["chapp", "before", "before", "chapp"], Servers(CompareSchedule.Build(["chapp", "before"], baseline: false, rounds: 2)));

        var slots = CompareSchedule.Build(["chapp"], baseline: true, rounds: 2);
        Assert.Equal([1, 2, 3, 4, 5], slots.Select(s => s.Position));
        Assert.Equal([0, 1, 1, 2, 2], slots.Select(s => s.Round)); // bare-hub runs are numbered by bracket
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Chapp_alone_against_the_bare_hub_comes_out_even_on_a_machine_that_speeds_up_run_by_run(int rounds)
    {
        var slots = CompareSchedule.Build(["chapp"], baseline: true, rounds);

        Assert.Equal(1.0, Overall(slots, "chapp", Bare), precision: 9);
        var bracket = slots.Where(s => s.IsBaseline).OrderBy(s => s.Round).Select(Trend).ToArray();
        foreach (var run in slots.Where(s => !s.IsBaseline))
        {
            Assert.Equal(1.0, FairRatio.InRound(Trend(run), run.Round, bracket), precision: 9);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_variant_and_chapp_come_out_even_with_each_other_and_the_bare_hub_over_an_even_number_of_rounds(int rounds)
    {
        var slots = CompareSchedule.Build(["chapp", "before"], baseline: true, rounds);

        Assert.Equal(1.0, Overall(slots, "chapp", Bare), precision: 9);
        Assert.Equal(1.0, Overall(slots, "before", Bare), precision: 9);
        Assert.Equal(1.0, Overall(slots, "chapp", "before"), precision: 9);
    }

    [Fact]
    public void The_ratio_is_median_over_median_so_one_disturbed_run_does_not_carry_it()
    {
        Assert.Equal(90.0 / 70.0, FairRatio.Overall([100, 80], [50, 70, 1000]), precision: 9);
        Assert.Equal(2.0, FairRatio.InRound(100, round: 1, [40, 60]), precision: 9);
        Assert.True(double.IsNaN(FairRatio.Overall([1], [])));
    }

    [Fact]
    public void A_round_without_bare_hub_runs_on_both_sides_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => FairRatio.InRound(100, round: 2, [40, 60]));
        Assert.Contains("no bare-hub runs on both sides", error.Message);
    }

    [Theory]
    [InlineData("--rounds", "0", "--rounds is 1–10")]
    [InlineData("--rounds", "11", "--rounds is 1–10")]
    [InlineData("--variant", "chapp:X=1", "a name of its own")]
    [InlineData("--variant", "bare hub:X=1", "a name of its own")]
    public void Options_that_would_make_the_order_ambiguous_are_refused_with_a_reason(string option, string value, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["--scenario", "fanout", "--start", "sqlite", "--baseline", option, value]));
        Assert.Contains(reason, error.Message);
        Assert.Equal(2, LoadOptions.Parse(["--start", "sqlite", "--baseline", "--rounds", "2"]).Rounds);
    }

    // A run's figure on the simulated machine: 120 ms at the first position, 8 ms less at each later one.
    private static double Trend(ScheduleSlot slot) => 120 - 8 * slot.Position;

    private static double Overall(IReadOnlyList<ScheduleSlot> slots, string subject, string baseline) =>
        FairRatio.Overall(slots.Where(s => s.Server == subject).Select(Trend), slots.Where(s => s.Server == baseline).Select(Trend));

    private static string[] Servers(IReadOnlyList<ScheduleSlot> slots) => [.. slots.Select(s => s.Server)];
}
