namespace Hotline.Tests.Architecture;

/// <summary>
/// A C# file past ~350 lines is split by responsibility, or says at its top, in one line, why it is not
/// (<c>// Long file: …</c>). "About 350" is enforced as 360, so a small fix never forces a split.
/// EF migrations are generated and not counted.
/// </summary>
public sealed class FileLengthTests
{
    public const int MaxLines = 360;

    public const string ReasonPrefix = "// Long file:";

    private static readonly string[] Folders = ["src", "tests", "telephony"];

    [Fact]
    public void Long_files_say_why_at_their_top()
    {
        var unexplained = Folders
            .Select(folder => Path.Combine(SourceTree.Root, folder))
            .Where(Directory.Exists)
            .SelectMany(SourceTree.CSharpFiles)
            .Select(file => (File: SourceTree.Relative(file), Lines: File.ReadAllLines(file)))
            .Where(file => !Explained(file.Lines))
            .Select(file => $"{file.File}: {file.Lines.Length} lines")
            .ToList();

        Assert.True(unexplained.Count == 0,
            $"Split these files, or write the reason in their first line (\"{ReasonPrefix} …\"):\n" + string.Join('\n', unexplained));
    }

    [Fact]
    public void A_long_file_without_a_reason_is_caught()
    {
        var body = Enumerable.Repeat("x();", MaxLines + 1).ToArray();
        Assert.False(Explained(body));
        Assert.False(Explained(["// Long file:", .. body]));
        Assert.True(Explained([$"{ReasonPrefix} one table of every endpoint, read as a whole.", .. body]));
        Assert.True(Explained(["namespace A;", "x();"]));
    }

    private static bool Explained(string[] lines) =>
        lines.Length <= MaxLines
        || (lines[0].StartsWith(ReasonPrefix, StringComparison.Ordinal) && lines[0][ReasonPrefix.Length..].Trim().Length >= 10);
}
