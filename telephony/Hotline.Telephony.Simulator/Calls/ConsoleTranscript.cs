using Spectre.Console;

namespace Hotline.Telephony.Simulator.Calls;

/// <summary>Prints calls as a readable conversation: simulated time, who does what, and each webhook in grey.</summary>
public sealed class ConsoleTranscript(IAnsiConsole console, bool showCallSid, bool showWebhooks = true) : ICallObserver
{
    private readonly Lock _lock = new();

    public void OnEvent(SimulatedCall call, CallEvent callEvent)
    {
        var (label, style) = callEvent.Kind switch
        {
            CallEventKind.Progress => ("Appel:", "cyan"),
            CallEventKind.ServerSays => ("Serveur dit:", "blue"),
            CallEventKind.ServerPlays => ("Serveur joue:", "blue"),
            CallEventKind.Pause => ("Serveur:", "blue"),
            CallEventKind.CallerTypes => ("Appelant tape:", "green"),
            CallEventKind.CallerSays => ("Appelant dit:", "green"),
            CallEventKind.CallerSilent => ("Appelant:", "green"),
            CallEventKind.Queue => ("File d'attente:", "magenta"),
            CallEventKind.Dial => ("Transfert:", "magenta"),
            CallEventKind.Record => ("Enregistrement:", "magenta"),
            CallEventKind.Warning => ("Attention:", "yellow"),
            CallEventKind.Error => ("Erreur:", "red"),
            CallEventKind.Hangup => ("Fin:", "cyan"),
            _ => ("", "default"),
        };
        Write($"{Prefix(call, callEvent.At)}[{style}]{Markup.Escape(label)}[/] {Markup.Escape(callEvent.Text)}");
    }

    public void OnWebhook(SimulatedCall call, WebhookRecord record)
    {
        if (!showWebhooks)
        {
            return;
        }

        var outcome = record.StatusCode is { } status ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : record.Error ?? "?";
        var text = $"  ↳ {record.Method} {record.Url.PathAndQuery} ({record.Purpose}) → {outcome} en {record.Latency.TotalMilliseconds:0} ms";
        Write($"{Prefix(call, null)}[grey]{Markup.Escape(text)}[/]");
    }

    public void OnCompleted(SimulatedCall call)
    {
    }

    private string Prefix(SimulatedCall call, TimeSpan? at)
    {
        var time = at is { } t ? $"{(int)t.TotalMinutes:00}:{t.Seconds:00}.{t.Milliseconds / 100}" : "       ";
        var sid = showCallSid ? $" [grey]{call.Sid[^6..]}[/]" : string.Empty;
        return $"[grey]{time}[/]{sid} ";
    }

    private void Write(string markup)
    {
        lock (_lock)
        {
            console.MarkupLine(markup);
        }
    }
}
