using System.CommandLine;
using Hotline.Telephony.Simulator.Cli;

var root = new RootCommand("Plays Twilio against a running Hotline server: simulated calls by signed webhooks, a fake Twilio REST API, load tests.")
{
    CallCommand.Create(),
    ServeCommand.Create(),
    LoadCommand.Create(),
    ConfigureNumberCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
