using System.Text.RegularExpressions;

namespace CaseHub.Core.Logging;

/// <summary>Masks mainland mobile numbers and resident ID numbers wherever, and however, they appear in text.</summary>
public static partial class PersonalData
{
    // 18-character resident ID, also written in 6-8-4 groups with spaces or dashes: keep the 6-digit region
    // and the last 4 characters. \d is Unicode-aware here, so full-width digits are masked too.
    [GeneratedRegex(@"(?<![0-9A-Za-z])(\d{6})[ -]?\d{4}[ -]?\d{4}[ -]?(\d{3}[0-9Xx])(?![0-9A-Za-z])")]
    private static partial Regex IdNumber();

    // Mainland mobile, with or without +86 / 0086 / 86 in front and spaces or dashes in 3-4-4 groups: keep
    // the prefix, the first 3 and the last 4 digits, as +86 138****5678 (full-width digits too).
    [GeneratedRegex(@"(?<!\d)((?:\+|00)?86[ -]?)?([1１][3-9３-９]\d)[ -]?\d{4}[ -]?(\d{4})(?!\d)")]
    private static partial Regex Mobile();

    public static string Mask(string text) =>
        Mobile().Replace(IdNumber().Replace(text, "$1********$2"), "$1$2****$3");

    public static string MaskPhone(string phone) => phone.Length >= 7 ? $"{phone[..3]}****{phone[^4..]}" : "****";
}
