using System.Globalization;
using System.Text;

namespace Hotline.Server.Telephony;

/// <summary>What the caller answered to a menu: one key pressed, or words spoken.</summary>
public static class CallerInput
{
    /// <summary>The single key pressed; null for no key or several.</summary>
    public static string? Key(TwilioRequest request)
    {
        var digits = request.Digits?.Trim();
        return digits is { Length: 1 } ? digits : null;
    }

    /// <summary>The menu key a pressed key or a spoken sentence means; null when nothing or unclear (ask again).</summary>
    public static string? MenuKey(TwilioRequest request, SpeechVocabulary vocabulary)
    {
        if (!string.IsNullOrEmpty(request.Digits?.Trim()))
        {
            return Key(request);
        }

        return string.IsNullOrWhiteSpace(request.SpeechResult) ? null : SpokenMenuKey(request.SpeechResult, vocabulary);
    }

    /// <summary>
    /// The menu key a spoken sentence means. Urgency is looked for first: "j'ai un fils qui veut partir, c'est
    /// urgent" is urgent whatever else it says. A number word counts only said on its own ("un", "le deux",
    /// "touche trois"): in a sentence, "un" is an article. Words of both other choices are unclear: null.
    /// </summary>
    public static string? SpokenMenuKey(string speech, SpeechVocabulary vocabulary)
    {
        var words = Words(speech);
        if (words.Count == 0)
        {
            return null;
        }

        if (vocabulary.Urgent.Any(phrase => Contains(words, phrase)))
        {
            return "3";
        }

        var meaningful = words.Where(word => !vocabulary.Fillers.Contains(word)).ToList();
        if (meaningful.Count == 1 && vocabulary.KeyWords.TryGetValue(meaningful[0], out var key))
        {
            return key;
        }

        var signal = vocabulary.Signal.Any(phrase => Contains(words, phrase));
        var question = vocabulary.Question.Any(phrase => Contains(words, phrase));
        return (signal, question) switch
        {
            (true, false) => "2",
            (false, true) => "1",
            _ => null,
        };
    }

    /// <summary>Lower case, without accents or punctuation: "C’est l'urgence !" → [c, est, l, urgence].</summary>
    internal static List<string> Words(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            plain.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return [.. plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static bool Contains(List<string> words, string[] phrase)
    {
        for (var start = 0; start + phrase.Length <= words.Count; start++)
        {
            var match = true;
            for (var i = 0; i < phrase.Length && match; i++)
            {
                match = words[start + i] == phrase[i];
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The words that answer the voice menu in one language, written without accents (see <see cref="CallerInput.Words"/>).
/// A phrase is a sequence of words, matched whole.
/// </summary>
public sealed class SpeechVocabulary
{
    public SpeechVocabulary(IEnumerable<string> urgent, IEnumerable<string> signal, IEnumerable<string> question,
        IReadOnlyDictionary<string, string> keyWords, IEnumerable<string> fillers)
    {
        Urgent = [.. urgent.Select(Phrase)];
        Signal = [.. signal.Select(Phrase)];
        Question = [.. question.Select(Phrase)];
        KeyWords = keyWords;
        Fillers = new HashSet<string>(fillers, StringComparer.Ordinal);
        Hints = string.Join(", ", new[] { urgent, signal, question }.SelectMany(list => list).Take(40));
    }

    public IReadOnlyList<string[]> Urgent { get; }

    public IReadOnlyList<string[]> Signal { get; }

    public IReadOnlyList<string[]> Question { get; }

    /// <summary>Number words (and digits) that choose a key when said on their own.</summary>
    public IReadOnlyDictionary<string, string> KeyWords { get; }

    /// <summary>Words around a number said on its own ("le", "touche", "je tape"…).</summary>
    public IReadOnlySet<string> Fillers { get; }

    /// <summary>The Gather's speech hints.</summary>
    public string Hints { get; }

    private static string[] Phrase(string text) => [.. CallerInput.Words(text)];
}
