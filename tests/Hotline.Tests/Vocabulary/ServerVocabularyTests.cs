using System.Text.RegularExpressions;
using Hotline.Tests.Architecture;

namespace Hotline.Tests.Vocabulary;

/// <summary>
/// The server's French speaks the console's vocabulary (src/Hotline.Console/src/i18n/glossary.ts): an
/// "orientation", never a "signalement"; a "cellule municipale (CMER)", never "communale". Only string
/// literals are checked, so a comment may still quote the banned word to explain it.
/// </summary>
public sealed partial class ServerVocabularyTests
{
    /// <summary>Where the word is the caller's, not the line's: speech the voice menu must understand.</summary>
    private static readonly string[] AllowedFiles = ["src/Hotline.Server/Telephony/FrenchPrompts.cs"];

    [Fact]
    public void French_messages_use_the_lines_vocabulary()
    {
        var found = SourceTree.CSharpFiles(SourceTree.Server)
            .Select(file => (File: SourceTree.Relative(file), Lines: File.ReadAllLines(file)))
            .Where(file => !AllowedFiles.Contains(file.File))
            .SelectMany(file => file.Lines.Select((line, index) => (file.File, Line: index + 1, Text: line)))
            .Where(line => BannedInLiterals(line.Text))
            .Select(line => $"{line.File}:{line.Line}: {line.Text.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "Use « cellule municipale (CMER) » and « orientation »:\n" + string.Join('\n', found));
    }

    [Theory]
    [InlineData("""Add(errors, "x", "Une cellule communale couvre…");""", true)]
    [InlineData("""var text = $"trois signalements";""", true)]
    [InlineData("""// never "communale": a CMER is municipal""", false)]
    [InlineData("""Add(errors, "x", "Une cellule municipale (CMER) couvre…");""", false)]
    public void A_banned_word_in_a_literal_is_caught(string line, bool banned) => Assert.Equal(banned, BannedInLiterals(line));

    private static bool BannedInLiterals(string line)
    {
        var code = line.TrimStart();
        if (code.StartsWith("//", StringComparison.Ordinal))
        {
            return false;
        }

        return Literal().Matches(code).Any(literal => Banned().IsMatch(literal.Value));
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\bcommunales?\b|\bsignalements?\b", RegexOptions.IgnoreCase)]
    private static partial Regex Banned();
}
