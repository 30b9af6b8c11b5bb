using System.Globalization;

namespace CaseHub.Host.Ui;

/// <summary>The reader's language (Chinese unless the page is in English) and the pieces of text that follow it.</summary>
public static class Bilingual
{
    public static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";

    /// <summary>One side of a facade message written "中文 / English": the reader's half.</summary>
    public static string Half(string? message)
    {
        if (message is null) return "";
        var cut = message.IndexOf(" / ", StringComparison.Ordinal);
        if (cut < 0) return message;
        return IsChinese ? message[..cut].Trim() : message[(cut + 3)..].Trim();
    }

    /// <summary>A name in the reader's language, the Chinese where no English is known.</summary>
    public static string Name(string zh, string? en) => IsChinese || en is null ? zh : en;
}
