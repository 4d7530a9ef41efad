using Hotline.Telephony.Simulator.Twiml;

namespace Hotline.Telephony.Simulator.Calls;

/// <summary>Something the simulated caller does when asked for input.</summary>
public abstract record CallerInput;

/// <summary>Keys pressed in order, e.g. <c>13150#</c>.</summary>
public sealed record DtmfInput(string Keys) : CallerInput;

/// <summary>Words spoken, sent as <c>SpeechResult</c>.</summary>
public sealed record SpeechInput(string Text) : CallerInput;

/// <summary>
/// The caller's answers, consumed one per &lt;Gather&gt; that accepts that kind of input. A &lt;Gather&gt; that
/// does not accept the next answer (speech offered to a DTMF-only gather) times out and leaves it for later.
/// </summary>
public sealed class CallScript
{
    private readonly Queue<CallerInput> _inputs;

    public CallScript(IEnumerable<CallerInput> inputs)
    {
        _inputs = new Queue<CallerInput>(inputs);
    }

    public static CallScript Empty => new([]);

    /// <summary>The <c>call</c> command's script: menu digits, then the postal code ended by <c>#</c>, then speech.</summary>
    public static CallScript From(IEnumerable<string> digits, string? postalCode, string? speech)
    {
        var inputs = new List<CallerInput>();
        inputs.AddRange(digits.Where(d => d.Length > 0).Select(d => new DtmfInput(d)));
        if (!string.IsNullOrEmpty(postalCode))
        {
            inputs.Add(new DtmfInput(postalCode.EndsWith('#') ? postalCode : postalCode + "#"));
        }

        if (!string.IsNullOrWhiteSpace(speech))
        {
            inputs.Add(new SpeechInput(speech.Trim()));
        }

        return new CallScript(inputs);
    }

    public int Remaining => _inputs.Count;

    public CallerInput? TryTake(GatherInput accepted)
    {
        if (!_inputs.TryPeek(out var next))
        {
            return null;
        }

        var fits = next switch
        {
            DtmfInput => accepted.HasFlag(GatherInput.Dtmf),
            SpeechInput => accepted.HasFlag(GatherInput.Speech),
            _ => false,
        };
        return fits ? _inputs.Dequeue() : null;
    }

    /// <summary>Validates DTMF keys: 0-9, *, # and w (a half-second wait, as in Twilio's sendDigits).</summary>
    public static bool IsValidDtmf(string keys) => keys.Length > 0 && keys.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or 'w');
}
