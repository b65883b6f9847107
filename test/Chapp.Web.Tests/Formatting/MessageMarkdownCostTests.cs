using System.Diagnostics;
using Chapp.Web.Formatting;
using Xunit.Abstractions;

namespace Chapp.Web.Tests.Formatting;

/// <summary>
/// What rendering costs per message (the live path pays it once per message per process). Prints the figure for
/// docs/PERFORMANCE.md and fails when it grows past a bound far above it (≈ 6 µs measured on a 2-core machine).
/// </summary>
public sealed class MessageMarkdownCostTests(ITestOutputHelper output)
{
    private static readonly string[] Typical =
    [
        "ok, see you at 3",
        "Hello @alice, the build is at https://ci.example.com/builds/1234 and **green** now.",
        "I think `RoomFeed` should batch here:\n```\nawait pump.RunAsync(queue);\n```\nwhat do you think?",
        "> did you try restarting it?\n\nyes, twice. *Still* the same [error page](https://example.com/errors/42).",
    ];

    [Fact]
    public void Rendering_a_typical_message_costs_microseconds()
    {
        const int rounds = 5000;
        for (var i = 0; i < 500; i++)
        {
            RenderAll(); // warm-up: JIT and tiering
        }

        var perMessage = new List<double>();
        for (var batch = 0; batch < 5; batch++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < rounds; i++)
            {
                RenderAll();
            }

            perMessage.Add(clock.Elapsed.TotalMicroseconds / (rounds * Typical.Length));
        }

        var median = perMessage.Order().ElementAt(perMessage.Count / 2);
        output.WriteLine($"MessageMarkdown.ToHtml: {median:F1} µs per typical message (median of 5 batches of {rounds * Typical.Length})");
        Assert.True(median < 100, $"rendering costs {median:F1} µs per message");
    }

    private static void RenderAll()
    {
        foreach (var text in Typical)
        {
            MessageMarkdown.ToHtml(text);
        }
    }
}
