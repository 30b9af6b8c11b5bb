using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;
using CaseHub.Workflows.Runtime;
using CaseHub.Workflows.Tests.Runtime;
using static CaseHub.Workflows.Tests.Runtime.Flow;

namespace CaseHub.Workflows.Tests.Definitions;

/// <summary>
/// What Elsa accepts at publish and what it rejects, checked with the real activities and expressions: empty values Studio
/// writes are accepted (with a warning where they are probably a mistake), inputs Elsa would fault on are rejected at save.
/// </summary>
public sealed class ElsaAcceptanceFacts
{
    private readonly WorkflowValidator _validator = new(InMemoryEngine.Registry, ExpressionEngine.CreateDefault());

    private IReadOnlyList<ValidationIssue> Validate(string json) => _validator.Validate(WorkflowJson.Parse(json));

    private static IEnumerable<ValidationIssue> Errors(IReadOnlyList<ValidationIssue> issues) => issues.Where(i => i.Severity == IssueSeverity.Error);

    [Fact]
    public async Task AnEmptyFlowchart_IsAcceptedWithAWarningAndCompletesAtOnce()
    {
        var json = Document([], []);

        var issues = Validate(json);
        Assert.Empty(Errors(issues));
        Assert.Contains(issues, i => i is { Field: "root.start", Severity: IssueSeverity.Warning });

        var engine = InMemoryEngine.FromJson(json);
        var step = await engine.StartAsync();
        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Empty(step.Journal);
    }

    [Fact]
    public async Task TwoUnconnectedActivities_StartAtTheFirstWithAWarning()
    {
        var json = Document([Activity("a", "Elsa.WriteLine", ("text", "Literal", "a")), Activity("b", "Elsa.WriteLine", ("text", "Literal", "b"))], []);

        var issues = Validate(json);
        Assert.Empty(Errors(issues));
        Assert.Contains(issues, i => i is { Field: "root.start", Severity: IssueSeverity.Warning } && i.Message.Contains("'a'"));

        var engine = InMemoryEngine.FromJson(json);
        await engine.StartAsync();
        Assert.Equal(["a"], engine.State.Lines);
    }

    [Fact]
    public void TwoStartActivities_StartAtTheFirstWithAWarning()
    {
        var document = WorkflowJson.Parse(Document([Activity("s1", "Elsa.Start"), Activity("s2", "Elsa.Start")], []));

        Assert.Equal("s1", WorkflowValidator.FindStart(document.Root));
        Assert.Contains(_validator.Validate(document), i => i is { Field: "root.start", Severity: IssueSeverity.Warning });
    }

    [Fact]
    public void AnActivityMarkedCanStartWorkflow_StartsTheFlowWhenThereIsNoStartActivity()
    {
        var marked = Activity("b", "Elsa.WriteLine", ("text", "Literal", "b"));
        marked["canStartWorkflow"] = true;
        var document = WorkflowJson.Parse(Document([Activity("a", "Elsa.WriteLine", ("text", "Literal", "a")), marked], []));

        Assert.Equal("b", WorkflowValidator.FindStart(document.Root));
    }

    [Fact]
    public async Task AWriteLineLeftEmpty_PrintsAnEmptyLineWithAWarning()
    {
        var writeLine = Activity("w", "Elsa.WriteLine");
        writeLine["text"] = null;
        var json = Document([Activity("start", "Elsa.Start"), writeLine], [Connect("start", "Done", "w")]);

        var issues = Validate(json);
        Assert.Empty(Errors(issues));
        Assert.Contains(issues, i => i is { ActivityId: "w", Field: "activities[w].text", Severity: IssueSeverity.Warning });

        var engine = InMemoryEngine.FromJson(json);
        await engine.StartAsync();
        Assert.Equal([""], engine.State.Lines);
    }

    [Theory]
    [InlineData("every monday")]
    [InlineData("0 61 * * *")]
    public void AnInvalidCronExpression_IsRejectedNamingTheActivity(string cron)
    {
        var issue = Assert.Single(Errors(Validate(Document([Activity("nightly", "Elsa.Cron", ("cronExpression", "Literal", cron))], []))));

        Assert.Equal(("nightly", "activities[nightly].cronExpression"), (issue.ActivityId, issue.Field));
        Assert.Contains(cron, issue.Message);
    }

    [Theory]
    [InlineData("0 9 * * 1-5")]
    [InlineData("0 0 9 * * 1-5")]
    public void AValidCronExpression_IsAccepted(string cron) =>
        Assert.Empty(Errors(Validate(Document([Activity("nightly", "Elsa.Cron", ("cronExpression", "Literal", cron))], []))));

    [Fact]
    public void ARunJavaScriptWhoseScriptDoesNotParse_IsRejected()
    {
        var issue = Assert.Single(Errors(Validate(Document([Activity("js", "Elsa.RunJavaScript", ("script", "Literal", "setVariable('x', "))], []))));

        Assert.Equal(("js", "activities[js].script"), (issue.ActivityId, issue.Field));
    }

    [Fact]
    public void ACSharpExpression_IsRejectedSayingWhatToUseInstead()
    {
        var issue = Assert.Single(Errors(Validate(Document([Activity("w", "Elsa.WriteLine", ("text", "CSharp", "\"hi\""))], []))));

        Assert.Equal(("w", "activities[w].text"), (issue.ActivityId, issue.Field));
        Assert.Contains("C#", issue.Message);
        Assert.Contains("JavaScript", issue.Message);
    }

    [Fact]
    public void ARunCSharpActivity_IsRejectedSayingWhatToUseInstead()
    {
        var issue = Assert.Single(Errors(Validate(Document([Activity("cs", "Elsa.RunCSharp", ("script", "Literal", "return 1;"))], []))));

        Assert.Equal("cs", issue.ActivityId);
        Assert.Contains("Elsa.RunJavaScript", issue.Message);
    }

    [Fact]
    public void EveryValidationMessage_IsInChineseAndEnglish()
    {
        var bad = Activity("x", "Elsa.Teleport");
        var issues = Validate(Document(
            [Activity("s1", "Elsa.Start"), Activity("s2", "Elsa.Start"), bad, Activity("e", "Elsa.Event"),
             Activity("w", "Elsa.WriteLine", ("text", "JavaScript", "1 +")), Activity("lost", "Elsa.WriteLine", ("text", "Literal", "never")),
             Activity("c", "Elsa.Cron", ("cronExpression", "Literal", "nope")), Activity("cs", "Elsa.RunCSharp")],
            [Connect("s1", "Done", "x"), Connect("s1", "Nowhere", "e"), Connect("s1", "Done", "ghost"), Connect("s1", "Done", "w"), Connect("s1", "Done", "c"),
             Connect("s1", "Done", "cs")]));

        Assert.True(issues.Count >= 8, string.Join("\n", issues));
        Assert.All(issues, i => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}.* / [A-Za-z'\[]", i.Message));
    }
}
