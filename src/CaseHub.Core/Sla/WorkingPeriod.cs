using System.Globalization;

namespace CaseHub.Core.Sla;

/// <summary>One stretch of a working day in local time, e.g. 08:30–12:00.</summary>
public readonly record struct WorkingPeriod(TimeOnly Start, TimeOnly End)
{
    /// <summary>The stations' default day: morning and afternoon with a lunch break between.</summary>
    public static IReadOnlyList<WorkingPeriod> Default { get; } = [Parse("08:30-12:00"), Parse("13:30-17:30")];

    /// <summary>Reads "HH:mm-HH:mm", the form the configuration uses.</summary>
    public static WorkingPeriod Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || end <= start)
            throw new FormatException($"A working period reads like \"08:30-12:00\" with the end after the start; got \"{text}\".");
        return new WorkingPeriod(start, end);
    }
}
