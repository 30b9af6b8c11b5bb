using CaseHub.Workflows.Definitions;

namespace CaseHub.Workflows.Tests.Definitions;

public sealed class WorkflowValidatorFacts
{
    private readonly WorkflowValidator _validator = TestActivities.Validator();

    public static TheoryData<string> SampleNames => new(Samples.Names);

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void EverySample_IsValid(string name) => Assert.Empty(_validator.Validate(Samples.Load(name)));

    [Fact]
    public void UnknownActivityType_IsReported()
    {
        var issue = Single(Flow("""[ S, { "id": "X", "type": "Elsa.Teleport" } ]""", """[ C("S","X") ]"""));

        Assert.Equal(("X", "activities[X].type", IssueSeverity.Error), (issue.ActivityId, issue.Field, issue.Severity));
    }

    [Fact]
    public void DuplicateActivityId_IsReported()
    {
        var issue = Single(Flow("""[ S, { "id": "E", "type": "Elsa.End" }, { "id": "E", "type": "Elsa.End" } ]""", """[ C("S","E") ]"""));

        Assert.Equal(("E", "activities[E].id"), (issue.ActivityId, issue.Field));
        Assert.Contains("unique", issue.Message);
    }

    [Fact]
    public void ConnectionToOrFromAMissingActivity_IsReported()
    {
        var issues = _validator.Validate(Flow("""[ S, E ]""", """[ C("S","E"), C("Ghost","E"), C("S","Nowhere") ]"""));

        Assert.Equal(2, issues.Count);
        Assert.Contains(issues, i => i is { ActivityId: "Ghost", Field: "connections[1].source", Severity: IssueSeverity.Error });
        Assert.Contains(issues, i => i is { ActivityId: "S", Field: "connections[2].target", Severity: IssueSeverity.Error } && i.Message.Contains("Nowhere"));
    }

    [Fact]
    public void ConnectionFromAPortTheSourceDoesNotHave_IsReported()
    {
        var issue = Single(Flow("""[ S, D, E ]""", """[ C("S","D"), C("D","E","Maybe"), C("D","E","false") ]"""));

        Assert.Equal(("D", "connections[1].source"), (issue.ActivityId, issue.Field));
        Assert.Contains("True, False", issue.Message);
    }

    [Fact]
    public void DynamicPorts_ComeFromSwitchCasesAndForkBranches()
    {
        var issues = _validator.Validate(Flow("""
            [ S, E,
              { "id": "Sw", "type": "Elsa.FlowSwitch", "cases": [ { "label": "Gold", "condition": { "type": "Literal", "value": true } } ] },
              { "id": "F", "type": "Elsa.FlowFork", "branches": { "typeName": "String[]", "expression": { "type": "Literal", "value": "[\"L\",\"R\"]" } } } ]
            """, """[ C("S","Sw"), C("Sw","F","gold"), C("Sw","E","Default"), C("F","E","L"), C("F","E","Middle") ]"""));

        var issue = Assert.Single(issues);
        Assert.Equal(("F", "connections[4].source"), (issue.ActivityId, issue.Field));
    }

    [Fact]
    public void TargetPortOtherThanIn_IsReported()
    {
        var issue = Single(Flow("""[ S, E ]""", """[ { "source": { "activity": "S", "port": "Done" }, "target": { "activity": "E", "port": "Side" } } ]"""));

        Assert.Equal(("S", "connections[0].target"), (issue.ActivityId, issue.Field));
        Assert.Contains("'In'", issue.Message);
    }

    [Fact]
    public void ExpressionThatDoesNotParse_IsReported()
    {
        var issue = Single(Flow("""[ S, W("W", "JavaScript", "1 @@ 2") ]""", """[ C("S","W") ]"""));

        Assert.Equal(("W", "activities[W].text", IssueSeverity.Error), (issue.ActivityId, issue.Field, issue.Severity));
        Assert.Contains("@@", issue.Message);
    }

    [Fact]
    public void ExpressionNestedInPlainJson_IsChecked()
    {
        var issue = Single(Flow("""
            [ S, E, { "id": "Sw", "type": "Elsa.FlowSwitch", "cases": [
                { "label": "A", "condition": { "type": "JavaScript", "value": "ok()" } },
                { "label": "B", "condition": { "type": "JavaScript", "value": "@@" } } ] } ]
            """, """[ C("S","Sw"), C("Sw","E","A"), C("Sw","E","B"), C("Sw","E","Default") ]"""));

        Assert.Equal(("Sw", "activities[Sw].cases[1].condition"), (issue.ActivityId, issue.Field));
    }

    [Fact]
    public void UnsupportedExpressionType_IsReported()
    {
        var issue = Single(Flow("""[ S, W("W", "Liquid", "{{ name }}") ]""", """[ C("S","W") ]"""));

        Assert.Equal(("W", "activities[W].text"), (issue.ActivityId, issue.Field));
        Assert.Contains("'Liquid' is not supported", issue.Message);
    }

    [Theory]
    [InlineData("""{ "id": "W", "type": "Elsa.WriteLine" }""", "is required.")]
    [InlineData("""W("W", "Literal", "  ")""", "is empty.")]
    [InlineData("""{ "id": "W", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": null } }""", "is required.")]
    public void RequiredInputMissingOrEmpty_IsReported(string writeLine, string problem)
    {
        var issue = Single(Flow($"[ S, {writeLine} ]", """[ C("S","W") ]"""));

        Assert.Equal(("W", "activities[W].text"), (issue.ActivityId, issue.Field));
        Assert.EndsWith(problem, issue.Message);
    }

    [Fact]
    public void EveryActivityWithAnInboundConnection_StartsAtTheFirstWithAWarning()
    {
        var document = Flow("""[ W("A", "Literal", "a"), W("B", "Literal", "b") ]""", """[ C("A","B"), C("B","A") ]""");
        var issue = Single(document, IssueSeverity.Warning);

        Assert.Equal("A", WorkflowValidator.FindStart(document.Root));
        Assert.Equal((null, "root.start", IssueSeverity.Warning), (issue.ActivityId, issue.Field, issue.Severity));
        Assert.Contains("Every activity has an inbound connection", issue.Message);
    }

    [Fact]
    public void FourProblems_AreAllReportedAtOnce()
    {
        var issues = _validator.Validate(Flow("""
            [ S, E, { "id": "X", "type": "Elsa.Teleport" }, { "id": "W", "type": "Elsa.WriteLine" }, D ]
            """, """[ C("S","X"), C("X","W"), C("W","D"), C("D","E","Perhaps"), C("D","Ghost","True") ]"""));

        Assert.Equal(4, issues.Count);
        Assert.Contains(issues, i => i is { ActivityId: "X", Field: "activities[X].type" });
        Assert.Contains(issues, i => i is { ActivityId: "W", Field: "activities[W].text" });
        Assert.Contains(issues, i => i is { ActivityId: "D", Field: "connections[3].source" });
        Assert.Contains(issues, i => i is { ActivityId: "D", Field: "connections[4].target" });
        Assert.All(issues, i => Assert.Equal(IssueSeverity.Error, i.Severity));
    }

    [Fact]
    public void UnreachableActivity_IsAWarning()
    {
        var issue = Single(Flow("""[ S, E, W("Lost", "Literal", "never"), W("Loop", "Literal", "loop") ]""",
            """[ C("S","E"), C("Lost","Loop"), C("Loop","Lost") ]"""), IssueSeverity.Warning, count: 2);

        Assert.Equal(IssueSeverity.Warning, issue.Severity);
        Assert.Contains(_validator.Validate(Flow("""[ S, E, W("Lost", "Literal", "x") ]""", """[ C("S","E") ]""")),
            i => i is { ActivityId: "Lost", Field: "activities[Lost]", Severity: IssueSeverity.Warning });
    }

    [Fact]
    public void Loop_IsNotAnError() =>
        Assert.Empty(_validator.Validate(Flow("""[ S, D, W("W", "Literal", "again"), E ]""",
            """[ C("S","W"), C("W","D"), C("D","W","True"), C("D","E","False") ]""")));

    [Fact]
    public void FindStart_PrefersTheRootsStart()
    {
        var flow = Flow("""[ S, W("W", "Literal", "w"), E ]""", """[ C("S","E") ]""", start: "W").Root;

        Assert.Equal("W", WorkflowValidator.FindStart(flow));
    }

    [Fact]
    public void FindStart_FallsBackToTheSingleStartActivity_WhenRootStartNamesNothing()
    {
        var document = Flow("""[ W("A", "Literal", "a"), S, E ]""", """[ C("S","A"), C("A","E") ]""", start: "Missing");

        Assert.Equal("S", WorkflowValidator.FindStart(document.Root));
        var issue = Assert.Single(_validator.Validate(document));
        Assert.Equal(("root.start", IssueSeverity.Warning), (issue.Field, issue.Severity));
    }

    [Fact]
    public void FindStart_TakesTheOnlyActivityWithoutInboundConnection()
    {
        var flow = Flow("""[ W("A", "Literal", "a"), W("B", "Literal", "b"), E ]""", """[ C("A","B"), C("B","E") ]""").Root;

        Assert.Equal("A", WorkflowValidator.FindStart(flow));
    }

    [Theory]
    [InlineData("""[ S, { "id": "S2", "type": "Elsa.Start" }, E ]""", """[ C("S","E"), C("S2","E") ]""", "S", "2 Elsa.Start activities")]
    [InlineData("""[ W("A", "Literal", "a"), W("B", "Literal", "b"), E ]""", """[ C("A","E"), C("B","E") ]""", "A", "2 activities have no inbound connection (A, B)")]
    [InlineData("[]", "[]", null, "no activities")]
    public void FindStart_TakesTheFirstCandidateAsElsaDoes_AndTheValidatorWarns(string activities, string connections, string? start, string why)
    {
        var document = Flow(activities, connections);

        Assert.Equal(start, WorkflowValidator.FindStart(document.Root));
        var issues = _validator.Validate(document);
        Assert.DoesNotContain(issues, i => i.Severity == IssueSeverity.Error);
        Assert.Contains(issues, i => i is { Field: "root.start", Severity: IssueSeverity.Warning } && i.Message.Contains(why));
    }

    private ValidationIssue Single(WorkflowDocument document, IssueSeverity severity = IssueSeverity.Error, int count = 1)
    {
        var issues = _validator.Validate(document);
        Assert.True(issues.Count == count, string.Join("\n", issues));
        return issues.First(i => i.Severity == severity);
    }

    /// <summary>
    /// A flowchart from terse JSON: <c>S</c>, <c>E</c> and <c>D</c> stand for a start, an end and a decision;
    /// <c>W(id, syntax, text)</c> for a WriteLine; <c>C(source, target[, port])</c> for a connection.
    /// </summary>
    private static WorkflowDocument Flow(string activities, string connections, string? start = null)
    {
        var expanded = Expand(activities);
        var links = System.Text.RegularExpressions.Regex.Replace(connections, """C\("([^"]*)","([^"]*)"(?:,"([^"]*)")?\)""", m =>
            $$"""{ "source": { "activity": "{{m.Groups[1].Value}}", "port": "{{(m.Groups[3].Success ? m.Groups[3].Value : "Done")}}" }, "target": { "activity": "{{m.Groups[2].Value}}", "port": "In" } }""");
        var startProperty = start is null ? "" : $"\"start\": \"{start}\",";
        return WorkflowJson.Parse($$"""
            { "definitionId": "test", "version": 1,
              "root": { "type": "Elsa.Flowchart", "id": "Flowchart1", {{startProperty}} "activities": {{expanded}}, "connections": {{links}} } }
            """);
    }

    private static string Expand(string activities)
    {
        var withWriteLines = System.Text.RegularExpressions.Regex.Replace(activities, """W\("([^"]*)", "([^"]*)", "([^"]*)"\)""", m =>
            $$"""{ "id": "{{m.Groups[1].Value}}", "type": "Elsa.WriteLine", "text": { "typeName": "String", "expression": { "type": "{{m.Groups[2].Value}}", "value": "{{m.Groups[3].Value}}" } } }""");
        return System.Text.RegularExpressions.Regex.Replace(withWriteLines, @"(?<=[\[,]\s*)([SED])(?=\s*[,\]])", m => m.Value switch
        {
            "S" => """{ "id": "S", "type": "Elsa.Start" }""",
            "E" => """{ "id": "E", "type": "Elsa.End" }""",
            _ => """{ "id": "D", "type": "Elsa.FlowDecision", "condition": { "typeName": "Boolean", "expression": { "type": "Literal", "value": "true" } } }""",
        });
    }
}
