using System.CommandLine;
using Hotline.Telephony.Simulator.Cli;
using Spectre.Console;

namespace Hotline.Telephony.Simulator;

/// <summary>Entry point (named, so it never clashes with the server's <c>Program</c> where both are referenced).</summary>
public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Logs and pipes: one event per line rather than wrapped at 80 columns.
            AnsiConsole.Profile.Width = 240;
        }

        var root = new RootCommand("Plays Twilio against a running Hotline server: simulated calls by signed webhooks, a fake Twilio REST API, load tests.")
        {
            CallCommand.Create(),
            ServeCommand.Create(),
            LoadCommand.Create(),
            BenchConsoleCommand.Create(),
            BenchWebhooksCommand.Create(),
            BenchCommunesCommand.Create(),
            BenchStatisticsCommand.Create(),
            ChaosCommand.Create(),
            ConfigureNumberCommand.Create(),
        };

        return await root.Parse(args).InvokeAsync();
    }
}
