namespace Hotline.Tests.Architecture;

/// <summary>The repository's C# sources, found from the test's own location (tests run from bin/).</summary>
internal static class SourceTree
{
    public static string Root { get; } = FindRoot();

    public static string Server => Path.Combine(Root, "src", "Hotline.Server");

    /// <summary>Every C# file under <paramref name="folder"/>, without build output and without EF migrations (generated).</summary>
    public static IEnumerable<string> CSharpFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !Relative(file).Split('/').Any(part => part is "bin" or "obj" or "node_modules" or "Migrations"))
            .Order(StringComparer.Ordinal);

    /// <summary>A path relative to the repository root, with forward slashes.</summary>
    public static string Relative(string file) => Path.GetRelativePath(Root, file).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Hotline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Hotline.sln above {AppContext.BaseDirectory}: the source tree is needed.");
    }
}
