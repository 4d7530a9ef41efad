using Spectre.Console;

namespace Hotline.Telephony.Simulator.Cli;

internal static class CommandErrors
{
    /// <summary>Prints the errors in red; true if there were any (the command then exits with 2).</summary>
    public static bool Report(IEnumerable<string> errors)
    {
        var any = false;
        foreach (var error in errors)
        {
            AnsiConsole.Console.MarkupLineInterpolated($"[red]{error}[/]");
            any = true;
        }

        return any;
    }
}
