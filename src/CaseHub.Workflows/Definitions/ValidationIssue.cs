namespace CaseHub.Workflows.Definitions;

public enum IssueSeverity { Error, Warning }

/// <summary>
/// One problem in a definition. <see cref="Field"/> names the place the designer highlights, e.g.
/// <c>activities[WriteLine1].text</c>, <c>connections[2].source</c> or <c>root.start</c>.
/// </summary>
public sealed record ValidationIssue(string? ActivityId, string Field, string Message, IssueSeverity Severity);
