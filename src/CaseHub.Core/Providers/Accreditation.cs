namespace CaseHub.Core.Providers;

/// <summary>
/// The accreditation lifecycle of a provider as one transition table (domain §8): applied → contracted →
/// rectification notice with a deadline → revoked. Only pairs in the table are legal, so a new state or
/// action is a new row here rather than a new branch somewhere else.
/// </summary>
public static class Accreditation
{
    public const string Applied = "applied";
    public const string Contracted = "contracted";
    public const string Notice = "notice";
    public const string Revoked = "revoked";

    public const string Contract = "contract";
    public const string IssueNotice = "notice";
    public const string Restore = "restore";
    public const string Revoke = "revoke";

    public static readonly IReadOnlyList<string> States = [Applied, Contracted, Notice, Revoked];
    public static readonly IReadOnlyList<string> Actions = [Contract, IssueNotice, Restore, Revoke];

    private static readonly IReadOnlyList<(string From, string Action, string To)> Transitions =
    [
        (Applied, Contract, Contracted),
        (Contracted, IssueNotice, Notice),
        (Notice, Restore, Contracted),
        (Applied, Revoke, Revoked),
        (Contracted, Revoke, Revoked),
        (Notice, Revoke, Revoked),
    ];

    /// <summary>The state <paramref name="action"/> leads to from <paramref name="from"/>, or false when the table has no such row.</summary>
    public static bool TryNext(string from, string action, out string to)
    {
        foreach (var t in Transitions)
            if (t.From == from && t.Action == action) { to = t.To; return true; }
        to = from;
        return false;
    }

    /// <summary>The actions that fit <paramref name="state"/>, in table order; empty once revoked.</summary>
    public static IReadOnlyList<string> AllowedActions(string state) => [.. Transitions.Where(t => t.From == state).Select(t => t.Action)];

    /// <summary>A rectification notice is meaningless without the date by which the provider must fix things.</summary>
    public static bool NeedsDeadline(string action) => action == IssueNotice;
}
