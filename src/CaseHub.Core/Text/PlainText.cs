namespace CaseHub.Core.Text;

/// <summary>What is wrong with a piece of text, in Chinese and English.</summary>
public sealed record TextProblem(string Zh, string En)
{
    public override string ToString() => $"{Zh} / {En}";
}

/// <summary>
/// The one rule for text people type, wherever it arrives (a JSON body, a page's form): well-formed Unicode, no
/// control characters (NUL, ESC and terminal sequences end up in logs, exports and other people's screens), and
/// for single-line fields such as names no line break either, since a name with a newline forges a line in every
/// list, export and log it is written to. Multi-line fields (reasons, notes, comments) keep tab and line breaks.
/// </summary>
public static class PlainText
{
    public static TextProblem? Check(string? s, bool multiLine)
    {
        if (s is null) return null;
        var span = s.AsSpan();
        if (!span.ContainsAnyInRange('\0', '\u001f') && !span.ContainsAnyInRange('\u007f', '\u009f')
            && !span.ContainsAnyInRange('\ud800', '\udfff') && !span.ContainsAny('\u2028', '\u2029')) return null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return new("含有不成对的 UTF-16 代理项（不是有效的 Unicode 文本）", $"contains a lone UTF-16 surrogate at {i}: not well-formed Unicode");
            if (c is '\t' or '\n' or '\r' or '\u2028' or '\u2029')
            {
                if (multiLine) continue;
                return new("只能填一行，不能含换行或制表符", $"must be one line: it contains a line break or tab at {i}");
            }
            if (char.IsControl(c)) return new($"含有控制字符 U+{(int)c:X4}", $"contains the control character U+{(int)c:X4} at {i}");
        }
        return null;
    }

    /// <summary>Adds the field's error when <paramref name="value"/> is not a clean single line; true when it is.</summary>
    public static bool OneLine(string? value, string field, IDictionary<string, string[]> errors)
    {
        if (Check(value, multiLine: false) is not { } problem) return true;
        errors.TryAdd(field, [problem.ToString()]);
        return false;
    }
}
