using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Tests.Expressions;

public class ExpressionEngineFacts
{
    private readonly ExpressionEngine _engine = ExpressionEngine.CreateDefault();

    [Theory]
    [InlineData("Literal")]
    [InlineData("Variable")]
    [InlineData("Object")]
    [InlineData("Json")]
    [InlineData("JavaScript")]
    [InlineData("Liquid")]
    public void TheDefaultEngineSupportsEveryBuiltInSyntax(string syntax)
    {
        Assert.True(_engine.Supports(syntax));
    }

    [Fact]
    public void TheDefaultEngineDispatchesByType()
    {
        var scope = new ExpressionScope { Variables = new() { ["Counter"] = 1 }, DeclaredVariables = ["Counter"] };

        Assert.Equal(2, _engine.Evaluate(new("JavaScript", JsonValue.Create("getCounter() + 1")), scope)!.GetValue<int>());
        Assert.Equal("1", _engine.Evaluate(new("Liquid", JsonValue.Create("{{ Variables.Counter }}")), scope)!.GetValue<string>());
        Assert.Equal("""{"a":1}""", _engine.Evaluate(new("Object", JsonValue.Create("""{"a":1}""")), scope)!.ToJsonString());
    }

    [Fact]
    public void TheDefaultEnginePassesJavaScriptLimitsOn()
    {
        var engine = ExpressionEngine.CreateDefault(new JavaScriptLimits { MaxStatements = 10 });

        var error = Assert.Throws<ExpressionException>(() =>
            engine.Evaluate(new("JavaScript", JsonValue.Create("for (let i = 0; i < 100; i++) {}")), new ExpressionScope()));

        Assert.Contains("10 statements", error.Message);
    }
}
