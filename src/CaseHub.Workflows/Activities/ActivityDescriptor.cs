using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Activities;

/// <summary>One input an activity reads, as the designer shows it and validation checks it.</summary>
/// <param name="Name">The property name in the Elsa JSON (camelCase, e.g. <c>text</c>, <c>condition</c>).</param>
/// <param name="TypeName">The value's type as Elsa names it (<c>String</c>, <c>Boolean</c>, <c>TimeSpan</c>, <c>Object</c>…).</param>
/// <param name="UiHint">The editor the designer uses: <c>singleline</c>, <c>multiline</c>, <c>checkbox</c>, <c>dropdown</c>, <c>code-editor</c>, <c>variable-picker</c>, <c>dynamic-outcomes</c>, <c>switch-editor</c>, <c>json-editor</c>.</param>
/// <param name="Required">Validation reports the activity when this input is missing or empty.</param>
/// <param name="DefaultSyntax">The expression type the designer offers first.</param>
/// <param name="Options">Choices for a dropdown.</param>
/// <param name="WhenEmpty">For an input that may be left empty but probably should not be: what empty means (validation warns with it).</param>
/// <param name="CodeSyntax">The literal text is code in this syntax (RunJavaScript's <c>script</c>), checked at save like an expression.</param>
/// <param name="CheckLiteral">Checks a literal value at save, as Elsa does at publish (a cron expression); returns the problem, or null.</param>
public sealed record InputDescriptor(
    string Name, string TypeName, string UiHint, bool Required = false, string DefaultSyntax = "Literal",
    string? DisplayName = null, IReadOnlyList<string>? Options = null, string? WhenEmpty = null, string? CodeSyntax = null,
    Func<string, string?>? CheckLiteral = null);

/// <summary>
/// What the registry knows of an activity type: how the designer shows it, the inputs validation
/// checks, its outcome ports, and the implementation the runtime calls.
/// </summary>
public sealed class ActivityDescriptor
{
    public required string Type { get; init; }
    public required string Category { get; init; }
    /// <summary>Chinese first: the designer's label.</summary>
    public required string DisplayName { get; init; }
    public required string Description { get; init; }
    public IReadOnlyList<InputDescriptor> Inputs { get; init; } = [];
    /// <summary>The fixed outcome ports; activities whose ports depend on their inputs add <see cref="DynamicOutcomes"/>.</summary>
    public IReadOnlyList<string> Outcomes { get; init; } = ["Done"];
    /// <summary>Ports read from the node's inputs (a switch's cases, a fork's branches, a user task's outcomes).</summary>
    public Func<ActivityNode, IReadOnlyList<string>>? DynamicOutcomes { get; init; }
    /// <summary>Whether the activity waits for something outside the run (an event, a timer, a person).</summary>
    public bool IsTrigger { get; init; }
    /// <summary>The outputs the activity records (Elsa's <c>[Output]</c> names, e.g. <c>Result</c>), read in JavaScript as <c>get&lt;Output&gt;From&lt;ActivityName&gt;()</c>.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];
    public required IActivity Activity { get; init; }

    /// <summary>Every outcome port this node can complete through.</summary>
    public IReadOnlyList<string> OutcomesOf(ActivityNode node) =>
        DynamicOutcomes is null ? Outcomes : [.. Outcomes, .. DynamicOutcomes(node)];
}
