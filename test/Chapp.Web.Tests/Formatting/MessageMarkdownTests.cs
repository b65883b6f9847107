using Chapp.Web.Formatting;

namespace Chapp.Web.Tests.Formatting;

/// <summary>What the server renders of message text: the Markdown subset, links and mentions, and nothing else.</summary>
public sealed class MessageMarkdownTests
{
    public static TheoryData<int> LinkCases() => Numbers(LinkCorpus.Cases.Length);

    public static TheoryData<int> HostileCases() => Numbers(HostileMarkdown.Texts.Length);

    [Theory]
    [MemberData(nameof(LinkCases))]
    public void Links_and_mentions_follow_the_link_rules(int number)
    {
        var (text, shown) = LinkCorpus.Cases[number];

        var html = MessageMarkdown.ToHtml(text);

        Assert.Empty(AllowedHtml.Violations(html));
        Assert.Equal(shown, AllowedHtml.Shown(html));
    }

    [Theory]
    [MemberData(nameof(HostileCases))]
    public void Hostile_markdown_renders_to_allowed_elements_and_attributes_only(int number)
    {
        var text = HostileMarkdown.Texts[number];
        Assert.True(text.Length <= 4000, "the corpus holds valid messages only");

        var html = MessageMarkdown.ToHtml(text);

        Assert.Empty(AllowedHtml.Violations(html));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("**bold** and *italic* and _also_ and `code`", "<p><strong>bold</strong> and <em>italic</em> and <em>also</em> and <code>code</code></p>\n")]
    [InlineData("```js\nif (a < b) { run(); }\n```", "<pre><code>if (a &lt; b) { run(); }\n</code></pre>\n")]
    [InlineData("    indented()\n    code", "<pre><code>indented()\ncode\n</code></pre>\n")]
    [InlineData("> quoted\n> **twice**\n\nreply", "<blockquote>\n<p>quoted<br />\n<strong>twice</strong></p>\n</blockquote>\n<p>reply</p>\n")]
    [InlineData("see [the docs](https://example.com/d \"Title\")", "<p>see <a href=\"https://example.com/d\" target=\"_blank\" rel=\"noopener noreferrer nofollow\">the docs</a></p>\n")]
    [InlineData("# not a heading\n- not a list\n1. nor this\n\n---\nsetext?\n---", "<p># not a heading<br />\n- not a list<br />\n1. nor this</p>\n<p>---<br />\nsetext?<br />\n---</p>\n")]
    [InlineData("hi @Bob_1", "<p>hi <span class=\"mention\" data-user=\"bob_1\">@Bob_1</span></p>\n")]
    [InlineData("<b>bold?</b> & \"quotes\"", "<p>&lt;b&gt;bold?&lt;/b&gt; &amp; &quot;quotes&quot;</p>\n")]
    public void The_markdown_subset_renders_as_expected(string text, string html)
    {
        Assert.Equal(html, MessageMarkdown.ToHtml(text));
    }

    [Fact]
    public void Nesting_beyond_the_limit_shows_the_text_as_typed()
    {
        var text = new string('>', MessageMarkdown.MaxNesting + 5) + " <deep> & \"x\"\nnext";

        var html = MessageMarkdown.ToHtml(text);

        Assert.Equal(MessageMarkdown.Plain(text), html);
        Assert.Equal(text, AllowedHtml.Parse(html).Value.TrimEnd('\n'));
    }

    private static TheoryData<int> Numbers(int count)
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < count; i++)
        {
            data.Add(i);
        }

        return data;
    }
}
