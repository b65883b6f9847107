using Chapp.Web.Formatting;
using Chapp.Web.Search;
using Chapp.Web.Tests.Formatting;

namespace Chapp.Web.Tests.Search;

/// <summary>
/// A search result shows a short message as the room does (rendered Markdown) with the searched words marked; the
/// marking adds &lt;mark&gt; and nothing else, even to hostile text searched for its own words.
/// </summary>
public sealed class SearchRenderingTests
{
    public static TheoryData<int> HostileCases()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < HostileMarkdown.Texts.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void Marking_every_word_of_hostile_text_adds_marks_and_nothing_else(int number)
    {
        var text = HostileMarkdown.Texts[number];
        var html = MessageMarkdown.ToHtml(text);
        string[] terms = [.. Snippet.Words(text).Select(w => text.Substring(w.Start, w.Length)), "script", "mark", "lt", "amp", "quot"];

        var marked = MatchMarks.Mark(html, terms);

        Assert.DoesNotContain(AllowedHtml.Violations(marked), v => v != "element <mark>");
        Assert.All(AllowedHtml.Parse(marked).Descendants("mark"), m => Assert.False(m.HasAttributes || m.HasElements));
        // Without the marks: the same elements with the same attributes, showing the same text.
        var unmarked = marked.Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal);
        Assert.Equal(Structure(html), Structure(unmarked));
        Assert.Equal(AllowedHtml.Shown(html), AllowedHtml.Shown(unmarked));
    }

    [Theory]
    [InlineData("the **narwhal** password", "narwhal", "<p>the <strong><mark>narwhal</mark></strong> password</p>\n")]
    [InlineData("`Narwhal()` and narwhals", "narwhal", "<p><code><mark>Narwhal</mark>()</code> and narwhals</p>\n")]
    [InlineData("see https://narwhal.example/", "narwhal",
        "<p>see <a href=\"https://narwhal.example/\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">https://<mark>narwhal</mark>.example/</a></p>\n")]
    [InlineData("Café <b>cafe</b> & co", "CAFE", "<p><mark>Café</mark> &lt;b&gt;<mark>cafe</mark>&lt;/b&gt; &amp; co</p>\n")]
    [InlineData("hi @narwhal", "narwhal", "<p>hi <span class=\"mention\" data-user=\"narwhal\">@<mark>narwhal</mark></span></p>\n")]
    public void Matches_are_marked_in_the_rendered_text_never_in_tags(string text, string term, string expected)
    {
        Assert.Equal(expected, MatchMarks.Render(text, [term]));
    }

    [Fact]
    public void A_long_message_is_left_to_the_snippet_around_the_match()
    {
        Assert.Null(MatchMarks.Render(new string('a', MatchMarks.MaxRenderedLength) + " narwhal", ["narwhal"]));
        Assert.Null(MatchMarks.Render(string.Join('\n', Enumerable.Repeat("line", MatchMarks.MaxRenderedLines + 1)), ["line"]));
        Assert.NotNull(MatchMarks.Render("short narwhal", ["narwhal"]));
    }

    private static IEnumerable<string> Structure(string html) =>
        AllowedHtml.Parse(html).Descendants().Select(e => e.Name.LocalName + " " + string.Join(" ", e.Attributes()));
}
