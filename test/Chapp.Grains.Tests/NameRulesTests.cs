namespace Chapp.Grains.Tests;

/// <summary>
/// Names cannot impersonate: what a hostile user puts in a display name or room name to pass for someone else is
/// refused with a readable reason, and one visible name has one spelling. Also how line breaks in messages are taken.
/// </summary>
public sealed class NameRulesTests
{
    public static TheoryData<string, string> Impersonations => new()
    {
        { "\u202Ebob\u200B", "right-to-left override and zero-width space" },
        { "bob\u200B", "zero-width space" },
        { "b\u200Dob", "zero-width joiner" },
        { "\u2066bob\u2069", "bidi isolate" },
        { "\u200Fbob", "right-to-left mark" },
        { "bob\uFEFF", "zero-width no-break space" },
        { "bob\u0007", "control character" },
        { "bob\u001b[31m", "terminal escape" },
        { "bob\u2028admin", "line separator" },
    };

    [Theory]
    [MemberData(nameof(Impersonations))]
    public void A_display_name_or_room_name_with_invisible_or_reordering_characters_is_refused(string name, string why)
    {
        var display = Assert.Throws<ChatException>(() => ChatRules.DisplayName(name, "fallback"));
        var room = Assert.Throws<ChatException>(() => ChatRules.RoomName(name));

        Assert.True(display.Message.Contains("no control, formatting", StringComparison.Ordinal), why);
        Assert.Contains("no control, formatting", room.Message);
        Assert.Equal("fallback", ChatRules.ShownName(name, "fallback"));
    }

    [Fact]
    public void A_name_with_a_broken_surrogate_pair_is_refused()
    {
        // Not theory data: xunit would turn the lone surrogate into U+FFFD on the way to the test.
        var name = "bob" + '\ud800';

        Assert.Throws<ChatException>(() => ChatRules.DisplayName(name, "fallback"));
        Assert.Throws<ChatException>(() => ChatRules.RoomName(name));
    }

    [Fact]
    public void Names_are_NFC_normalized_so_one_visible_name_has_one_spelling()
    {
        const string decomposed = "Zoe\u0308", composed = "Zo\u00EB";

        Assert.Equal(composed, ChatRules.DisplayName(decomposed, "x"));
        Assert.Equal(composed, ChatRules.RoomName(" " + decomposed + " "));
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData("علي")]
    [InlineData("José 🎉")]
    [InlineData("山田 太郎")]
    public void Ordinary_names_in_any_script_are_kept(string name)
    {
        Assert.Equal(name, ChatRules.DisplayName(name, "x"));
        Assert.Equal(name, ChatRules.RoomName(name));
    }

    [Theory]
    [InlineData("line1\r\nline2", "line1\nline2")]
    [InlineData("line1\rline2\r\n\r\nline3", "line1\nline2\n\nline3")]
    [InlineData("  line1\r\n", "line1")]
    public void Line_breaks_from_forms_and_clients_become_newlines_before_the_rules_run(string sent, string stored)
    {
        Assert.Equal(stored, ChatRules.MessageText(sent));
    }
}
