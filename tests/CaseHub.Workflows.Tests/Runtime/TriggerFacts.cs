using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Runtime;

namespace CaseHub.Workflows.Tests.Runtime;

/// <summary>
/// A run started by its trigger begins at the trigger, which completes with the stimulus instead of waiting; as in elsa-core's
/// test/component/Elsa.Workflows.ComponentTests/Scenarios/Activities/Primitives/Event/EventTests.cs
/// (PublishingEventToEventAsTriggerWorkflow_ShouldStartAndCompleteWorkflow). HTTP route matching as Elsa.Http's endpoint routes.
/// </summary>
public sealed class TriggerFacts
{
    private static JsonObject Trigger(JsonObject activity)
    {
        activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        return activity;
    }

    [Fact]
    public async Task AnEventTrigger_StartsTheRunAtItself_AndCompletesWithThePayload()
    {
        var engine = InMemoryEngine.FromJson(Flow.Document(
            [Flow.Activity("start", "Elsa.Start"), Flow.Activity("manual", "Elsa.WriteLine", ("text", "Literal", "by hand")),
             Trigger(Flow.Activity("arrived", "Elsa.Event", ("eventName", "Literal", "arrived"))), Flow.Activity("write", "Elsa.WriteLine", ("text", "JavaScript", "getLastEventPayload().who"))],
            [Flow.Connect("start", "Done", "manual"), Flow.Connect("arrived", "Done", "write")], ("LastEventPayload", "Object", "")));

        Assert.Equal(["arrived"], StartTriggers.Of(engine.Workflow).Select(t => t.Id));
        var step = await engine.StartAtTriggerAsync("arrived", new JsonObject { ["who"] = "王阿婆" });

        Assert.Equal(WorkflowStatus.Finished, step.Status);
        Assert.Equal(["王阿婆"], engine.State.Lines);
        Assert.Equal(["arrived", "write"], engine.Executed(step));
    }

    [Fact]
    public void AnActivityWithoutCanStartWorkflow_IsNoTrigger_AndATimersNextOccurrenceIsItsInterval()
    {
        var engine = InMemoryEngine.FromJson(Flow.Document(
            [Flow.Activity("wait", "Elsa.Event", ("eventName", "Literal", "x")), Trigger(Flow.Activity("every", "Elsa.Timer", ("interval", "Literal", "00:30:00")))], []));

        var trigger = Assert.Single(StartTriggers.Of(engine.Workflow));
        var now = engine.Clock.GetUtcNow();
        Assert.Equal(now.AddMinutes(30), StartTriggers.NextOccurrence(trigger, now, TimeZoneInfo.Utc));
    }

    [Fact]
    public void ATimerTriggerWhoseIntervalIsAnExpression_IsWarnedAbout_SinceItCannotBeScheduled()
    {
        var json = Flow.Document([Trigger(Flow.Activity("every", "Elsa.Timer", ("interval", "JavaScript", "'00:30:00'")))], []);

        var issues = new CaseHub.Workflows.Definitions.WorkflowValidator(InMemoryEngine.Registry, CaseHub.Workflows.Expressions.ExpressionEngine.CreateDefault())
            .Validate(CaseHub.Workflows.Definitions.WorkflowJson.Parse(json));

        var issue = Assert.Single(issues, i => i.Field == "activities[every].interval");
        Assert.Equal(CaseHub.Workflows.Definitions.IssueSeverity.Warning, issue.Severity);
    }

    [Theory]
    [InlineData("orders/{number}", "/Orders/ZS-1/", "ZS-1")]
    [InlineData("orders/{number:int}", "orders/7", "7")]
    public void AnEndpointPath_MatchesWithoutRegardToCase_AndCapturesItsRouteValues(string template, string path, string number) =>
        Assert.Equal(number, HttpRoutes.Match(template, path)!["number"]!.GetValue<string>());

    [Fact]
    public void AnEndpointPath_DoesNotMatchAnotherShape() => Assert.Null(HttpRoutes.Match("orders/{number}", "orders/1/items"));
}
