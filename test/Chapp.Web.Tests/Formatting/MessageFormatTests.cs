using Chapp.Web.Formatting;

namespace Chapp.Web.Tests.Formatting;

/// <summary>What the server renders of message text: only http(s) links with a plain host become links.</summary>
public sealed class MessageFormatTests
{
    public static TheoryData<int> CaseNumbers()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < LinkCorpus.Cases.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNumbers))]
    public void The_server_shows_each_corpus_text_as_expected(int number)
    {
        var (text, shown) = LinkCorpus.Cases[number];
        var segments = MessageFormat.Segments(text, LinkCorpus.Reader);

        Assert.Equal(shown, Shown(segments));
        Assert.Equal(text, string.Concat(segments.Select(s => s.Text))); // nothing lost, nothing added
        Assert.All(segments.Where(s => s.Kind == TextSegmentKind.Link), s =>
        {
            Assert.Equal(s.Text, s.Href);
            Assert.Matches("^https?://", s.Href!.ToLowerInvariant());
        });
    }

    /// <summary>"[link]", "{mention}", text as it is.</summary>
    public static string Shown(IEnumerable<TextSegment> segments) => string.Concat(segments.Select(s => s.Kind switch
    {
        TextSegmentKind.Link => "[" + s.Text + "]",
        TextSegmentKind.Mention => "{" + s.Text + "}",
        _ => s.Text,
    }));
}
