using Chapp.Grains;
using Chapp.Web.Chat;
using Chapp.Web.Formatting;

namespace Chapp.Web.Tests.Formatting;

/// <summary>
/// Frames render each text once per process (a room's latest page goes to every connection that joins it): the
/// kept HTML must be exactly what rendering gives, hostile text included, and a deleted message still carries none.
/// </summary>
public sealed class RenderedHtmlTests
{
    [Fact]
    public void Two_frames_of_one_text_share_one_rendering_that_equals_a_fresh_one()
    {
        var text = "**bold** and `code` " + Guid.NewGuid().ToString("N");
        var first = MessageFrame.From(Message(1, text));
        var second = MessageFrame.From(Message(2, text));

        Assert.Same(first.Html, second.Html);
        Assert.Equal(MessageMarkdown.ToHtml(text), second.Html);
    }

    [Fact]
    public void Hostile_text_renders_as_safely_from_the_kept_copy_and_other_texts_keep_their_own()
    {
        var hostile = "<script>alert(1)</script> [x](javascript:alert(1)) " + Guid.NewGuid().ToString("N");
        MessageFrame.From(Message(1, hostile));
        var again = MessageFrame.From(Message(2, hostile));
        var other = MessageFrame.From(Message(3, "plain " + Guid.NewGuid().ToString("N")));

        Assert.Equal(MessageMarkdown.ToHtml(hostile), again.Html);
        Assert.DoesNotContain("<script", again.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript:", again.Html, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(again.Html, other.Html);
        Assert.Equal(string.Empty, MessageFrame.From(Message(4, hostile) with { Deleted = true }).Html);
    }

    [Fact]
    public void Past_its_bound_it_starts_afresh_and_still_renders_right()
    {
        // More distinct long texts than the bound holds: every answer stays the fresh rendering.
        var big = new string('a', 3_000);
        for (var i = 0; i < RenderedHtml.MaxChars / 6_000 + 10; i++)
        {
            var text = $"{big} {i} *{Guid.NewGuid():N}*";
            Assert.Equal(MessageMarkdown.ToHtml(text), RenderedHtml.Of(text));
        }
    }

    private static ChatMessage Message(long seq, string text) =>
        new("r-1", seq, Guid.NewGuid(), "ann", "Ann", text, DateTimeOffset.UnixEpoch, "c" + seq);
}
