using System.Globalization;

namespace Hotline.Telephony.Simulator.Bench;

/// <summary>What a benchmark figure depends on: the machine, its load, and how the server was built and run.</summary>
public static class Machine
{
    /// <summary>"2 cœurs (AMD EPYC …), 23.5 GiB, charge 1.02 0.80 0.55".</summary>
    public static string Describe()
    {
        var model = Read("/proc/cpuinfo")?.Split('\n')
            .FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2).ElementAtOrDefault(1)?.Trim() ?? "processeur inconnu";
        var memory = Read("/proc/meminfo")?.Split('\n').FirstOrDefault(line => line.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
            && ServerProcess.ParseKilobytes(line["MemTotal:".Length..]) is { } bytes
            ? (bytes / 1024.0 / 1024 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
            : "mémoire inconnue";
        return $"Machine: {Environment.ProcessorCount} cœurs ({model}), {memory}, charge {ConsoleBenchRunner.LoadAverage()}";
    }

    /// <summary>The server's build configuration (from its command line) and its environment name.</summary>
    public static string Build(int pid)
    {
        var commandLine = Read($"/proc/{pid}/cmdline")?.Replace('\0', ' ') ?? "";
        var configuration = commandLine.Contains("/bin/Release/", StringComparison.Ordinal) ? "Release"
            : commandLine.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug"
            : "configuration inconnue";
        // Only this one variable is read from the environment: the others may hold secrets.
        var environment = Read($"/proc/{pid}/environ")?.Split('\0')
            .FirstOrDefault(v => v.StartsWith("ASPNETCORE_ENVIRONMENT=", StringComparison.Ordinal))?["ASPNETCORE_ENVIRONMENT=".Length..] ?? "Production";
        return $"{configuration}, {environment}";
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
