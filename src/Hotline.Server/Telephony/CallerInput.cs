namespace Hotline.Server.Telephony;

/// <summary>What the caller answered to a menu: one key, pressed or spoken.</summary>
public static class CallerInput
{
    /// <summary>The single key pressed, or the first digit (or spoken key word) in the speech; null otherwise.</summary>
    public static string? Key(TwilioRequest request, Prompts prompts)
    {
        var digits = request.Digits?.Trim();
        if (!string.IsNullOrEmpty(digits))
        {
            return digits.Length == 1 ? digits : null;
        }

        if (string.IsNullOrWhiteSpace(request.SpeechResult))
        {
            return null;
        }

        var words = request.SpeechResult.Split([' ', ',', '.', '!', '?', '\''], StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            if (word.Length == 1 && char.IsAsciiDigit(word[0]))
            {
                return word;
            }

            if (prompts.SpokenKeys.TryGetValue(word, out var key))
            {
                return key;
            }
        }

        return null;
    }
}
