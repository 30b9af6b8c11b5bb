using System.Text.RegularExpressions;

namespace CaseHub.Core.Logging;

/// <summary>Masks mainland mobile numbers and resident ID numbers wherever they appear in text.</summary>
public static partial class PersonalData
{
    // 18-character resident ID: keep the 6-digit region and the last 4 characters.
    [GeneratedRegex(@"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")]
    private static partial Regex IdNumber();

    // Mainland mobile: keep the first 3 and last 4 digits, as 138****5678.
    [GeneratedRegex(@"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")]
    private static partial Regex Mobile();

    public static string Mask(string text) =>
        Mobile().Replace(IdNumber().Replace(text, "$1********$2"), "$1****$2");

    public static string MaskPhone(string phone) => phone.Length >= 7 ? $"{phone[..3]}****{phone[^4..]}" : "****";
}
