namespace Rlvr.Environments.Math;

/// <summary>Finds a multiple-choice letter in a completion ("The answer is A.", "Final answer is B", "A. Because ...").</summary>
public static class ChoiceExtractor
{
    /// <summary>The chosen option, or <see langword="null"/> when none of <paramref name="choices"/> stands alone in the text.</summary>
    /// <param name="text">The completion.</param>
    /// <param name="choices">The option labels, e.g. A, B, C, D.</param>
    /// <returns>The label as written in <paramref name="choices"/>.</returns>
    public static string? Find(string text, IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(choices);
        // An anchored choice ("answer is X") wins; otherwise the first standalone label.
        int anchor = text.LastIndexOf("answer is", StringComparison.OrdinalIgnoreCase);
        if (anchor >= 0)
        {
            string? anchored = FirstStandalone(text, anchor + "answer is".Length, choices);
            if (anchored is not null)
            {
                return anchored;
            }
        }
        return FirstStandalone(text, 0, choices);
    }

    private static string? FirstStandalone(string text, int from, IReadOnlyList<string> choices)
    {
        for (int i = from; i < text.Length; i++)
        {
            foreach (string choice in choices)
            {
                if (choice.Length == 0 || string.CompareOrdinal(text, i, choice, 0, choice.Length) != 0)
                {
                    continue;
                }
                bool startOk = i == 0 || !char.IsLetterOrDigit(text[i - 1]);
                int end = i + choice.Length;
                bool endOk = end >= text.Length || !char.IsLetterOrDigit(text[end]);
                if (startOk && endOk)
                {
                    return choice;
                }
            }
        }
        return null;
    }
}
