using System.Diagnostics;
using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Tests.Expressions;

public class LiquidEvaluatorFacts
{
    private readonly LiquidEvaluator _evaluator = new();

    private static WorkflowExpression Liquid(string template) => new("Liquid", JsonValue.Create(template));

    private string Render(string template, ExpressionScope? scope = null) =>
        _evaluator.Evaluate(Liquid(template), scope ?? new ExpressionScope())!.GetValue<string>();

    [Fact]
    public void AVariableRendersByName()
    {
        var scope = new ExpressionScope { Variables = new() { ["Name"] = "Ada" } };

        Assert.Equal("Hello Ada!", Render("Hello {{ Variables.Name }}!", scope));
    }

    [Fact]
    public void InputAndIdsRender()
    {
        var scope = new ExpressionScope
        {
            Input = new Dictionary<string, JsonNode?> { ["Amount"] = 250 },
            CorrelationId = "order-1",
            InstanceId = "wf-9",
        };

        Assert.Equal("250 order-1 wf-9", Render("{{ Input.Amount }} {{ CorrelationId }} {{ WorkflowInstanceId }}", scope));
    }

    [Fact]
    public void ALoopWalksAnArrayOfObjects()
    {
        var scope = new ExpressionScope { Variables = new() { ["Lines"] = JsonNode.Parse("""[{"sku":"A","qty":2},{"sku":"B","qty":1.5}]""") } };

        Assert.Equal("A×2;B×1.5;", Render("{% for line in Variables.Lines %}{{ line.sku }}×{{ line.qty }};{% endfor %}", scope));
    }

    [Fact]
    public void FiltersAndConditionsWork()
    {
        var scope = new ExpressionScope { Variables = new() { ["Name"] = "ada", ["Vip"] = true } };

        Assert.Equal("ADA (vip)", Render("{{ Variables.Name | upcase }}{% if Variables.Vip %} (vip){% endif %}", scope));
    }

    [Fact]
    public void AnUnknownMemberRendersEmpty()
    {
        Assert.Equal("[]", Render("[{{ Variables.Missing }}]"));
    }

    [Fact]
    public void ALoopBeyondTheLoopLimitThrows()
    {
        var error = Assert.Throws<ExpressionException>(() => Render("{% for i in (1..100000) %}x{% endfor %}"));

        Assert.Contains("loop", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NestedLoopsStopAtTheTimeLimit()
    {
        var evaluator = new LiquidEvaluator(new LiquidLimits { LoopLimit = int.MaxValue, Timeout = TimeSpan.FromMilliseconds(100) });
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<ExpressionException>(() => evaluator.Evaluate(
            Liquid("{% for i in (1..1000) %}{% for j in (1..1000) %}{% for k in (1..1000) %}{% endfor %}{% endfor %}{% endfor %}"),
            new ExpressionScope()));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Contains("time limit of 100 ms", error.Message);
    }

    [Fact]
    public void OutputBeyondTheOutputLimitThrows()
    {
        var evaluator = new LiquidEvaluator(new LiquidLimits { OutputLimit = 10 });

        Assert.Throws<ExpressionException>(() => evaluator.Evaluate(Liquid("{% for i in (1..100) %}xx{% endfor %}"), new ExpressionScope()));
    }

    [Fact]
    public void AnIncludeFindsNoFiles()
    {
        Assert.Throws<ExpressionException>(() => Render("{% include '/etc/passwd' %}"));
    }

    [Fact]
    public void CheckSyntax_ReportsABadTagWithItsPosition()
    {
        var message = _evaluator.CheckSyntax(Liquid("Hello\n{% for x in %}{% endfor %}"));

        Assert.NotNull(message);
        Assert.Contains("line 2", message);
    }

    [Fact]
    public void CheckSyntax_AcceptsAValidTemplate()
    {
        Assert.Null(_evaluator.CheckSyntax(Liquid("{% if Variables.A %}{{ Variables.A }}{% endif %}")));
    }

    [Fact]
    public void RenderingABadTemplateThrowsAnExpressionException()
    {
        var error = Assert.Throws<ExpressionException>(() => Render("{% for x in %}"));

        Assert.Contains("syntax error", error.Message);
    }

    [Fact]
    public void ParallelRendersSeeOnlyTheirOwnVariables()
    {
        var failures = 0;

        Parallel.For(0, 200, i =>
        {
            var scope = new ExpressionScope { Variables = new() { ["N"] = i } };
            if (Render("{% assign doubled = Variables.N | times: 2 %}{{ Variables.N }}:{{ doubled }}", scope) != $"{i}:{2 * i}")
                Interlocked.Increment(ref failures);
        });

        Assert.Equal(0, failures);
    }
}
