using System.Text.Json;
using System.Text.RegularExpressions;
using Hotline.Tests.Architecture;

namespace Hotline.Tests.Vocabulary;

/// <summary>
/// The server's French speaks the console's vocabulary: the banned words of the one glossary both read
/// (src/Hotline.Console/src/i18n/glossary.json) — an "orientation", never a "signalement"; a "cellule municipale
/// (CMER)", never "communale"; … Only string literals are checked, so a comment may still quote a banned word to
/// explain it. Entries marked <c>consoleOnly</c> apply to the console alone.
/// </summary>
public sealed partial class ServerVocabularyTests
{
    /// <summary>Where the word is the caller's, not the line's: speech the voice menu must understand.</summary>
    private static readonly string[] AllowedFiles = ["src/Hotline.Server/Telephony/FrenchPrompts.cs"];

    private sealed record BannedWord(string Word, string Pattern, string Instead, string? ConsoleOnly);

    private sealed record Glossary(IReadOnlyList<BannedWord> Banned);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly IReadOnlyList<(string Word, Regex Pattern, string Instead)> Banned = LoadBanned();

    private static IReadOnlyList<(string Word, Regex Pattern, string Instead)> LoadBanned()
    {
        var path = Path.Combine(SourceTree.Root, "src", "Hotline.Console", "src", "i18n", "glossary.json");
        var glossary = JsonSerializer.Deserialize<Glossary>(File.ReadAllText(path), Json)!;
        return [.. glossary.Banned.Where(b => b.ConsoleOnly is null)
            .Select(b => (b.Word, new Regex(b.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), b.Instead))];
    }

    [Fact]
    public void The_glossary_is_read_and_bans_the_two_words_of_the_issue()
    {
        Assert.Contains(Banned, b => b.Word == "signalement");
        Assert.Contains(Banned, b => b.Word == "communale");
    }

    [Fact]
    public void French_messages_use_the_lines_vocabulary()
    {
        var found = SourceTree.CSharpFiles(SourceTree.Server)
            .Select(file => (File: SourceTree.Relative(file), Lines: File.ReadAllLines(file)))
            .Where(file => !AllowedFiles.Contains(file.File))
            .SelectMany(file => file.Lines.Select((line, index) => (file.File, Line: index + 1, Text: line)))
            .Select(line => (line.File, line.Line, line.Text, Words: BannedInLiterals(line.Text)))
            .Where(line => line.Words.Count > 0)
            .Select(line => $"{line.File}:{line.Line}: {line.Text.Trim()} ({string.Join(", ", line.Words)})")
            .ToList();

        Assert.True(found.Count == 0, "Use the glossary's terms:\n" + string.Join('\n', found));
    }

    [Theory]
    [InlineData("""Add(errors, "x", "Une cellule communale couvre…");""", "communale")]
    [InlineData("""var text = $"trois signalements";""", "signalement")]
    [InlineData("""var text = "un jeune radicalisé";""", "radicalisé")]
    [InlineData("""// never "communale": a CMER is municipal""", null)]
    [InlineData("""Add(errors, "x", "Une cellule municipale (CMER) couvre…");""", null)]
    [InlineData("""var text = "Le nom affiché, la radicalisation, les communes";""", null)]
    public void A_banned_word_in_a_literal_is_caught(string line, string? word) =>
        Assert.Equal(word is null ? [] : [word], BannedInLiterals(line));

    private static List<string> BannedInLiterals(string line)
    {
        var code = line.TrimStart();
        if (code.StartsWith("//", StringComparison.Ordinal))
        {
            return [];
        }

        var literals = Literal().Matches(code).Select(m => m.Value).ToList();
        return [.. Banned.Where(b => literals.Any(b.Pattern.IsMatch)).Select(b => b.Word)];
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Literal();
}
