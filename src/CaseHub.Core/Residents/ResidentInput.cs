using System.Globalization;
using System.Text.RegularExpressions;

namespace CaseHub.Core.Residents;

/// <summary>Normalises and checks what a channel sends about a resident: mainland mobile number and 18-character ID number.</summary>
public static partial class ResidentInput
{
    // ASCII digits only ([0-9], not \d): full-width or Arabic-Indic digits would make a second resident for one number.
    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"^[0-9]{17}[0-9X]$")]
    private static partial Regex IdShape();

    [GeneratedRegex(@"[ \t\-()]")]
    private static partial Regex Separators();

    // GB 11643-1999: weights 2^(17-i) mod 11 for the first 17 digits; the sum mod 11 picks the check character.
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>The 11-digit number, or null when it is not a mainland mobile. Spaces, dashes and +86 / 0086 are tolerated.</summary>
    public static string? NormalisePhone(string? phone)
    {
        if (phone is null) return null;
        var digits = Separators().Replace(phone, "");
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        else if (digits.StartsWith("0086", StringComparison.Ordinal)) digits = digits[4..];
        return Mobile().IsMatch(digits) ? digits : null;
    }

    /// <summary>The ID number with an upper-case X, or null when its shape, birth date or check character is wrong.</summary>
    public static string? NormaliseIdNumber(string? idNumber)
    {
        if (idNumber is null) return null;
        var id = idNumber.Trim().ToUpperInvariant();
        if (!IdShape().IsMatch(id)) return null;
        if (!DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) return null;
        return id[17] == CheckCharacter(id) ? id : null;
    }

    internal static char CheckCharacter(string id)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (id[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary>Region code and last four kept, as in logs: 330903********1234.</summary>
    public static string MaskIdNumber(string id) => $"{id[..6]}********{id[^4..]}";
}
