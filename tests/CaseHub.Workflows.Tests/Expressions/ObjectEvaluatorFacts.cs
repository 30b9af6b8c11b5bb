using System.Text.Json.Nodes;
using CaseHub.Workflows.Definitions;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Tests.Expressions;

public class ObjectEvaluatorFacts
{
    private readonly ObjectEvaluator _evaluator = new();

    [Theory]
    [InlineData("Object")]
    [InlineData("Json")]
    public void JsonText_IsParsed(string syntax)
    {
        var result = _evaluator.Evaluate(new(syntax, JsonValue.Create("""{ "a": [1, true, null], "b": "x" }""")), new ExpressionScope());

        Assert.Equal("""{"a":[1,true,null],"b":"x"}""", result!.ToJsonString());
    }

    [Fact]
    public void AJsonObjectIsClonedNotShared()
    {
        var value = JsonNode.Parse("""{"a":1}""")!;

        var result = _evaluator.Evaluate(new("Object", value), new ExpressionScope())!;
        result["a"] = 2;

        Assert.Equal(1, value["a"]!.GetValue<int>());
    }

    [Fact]
    public void AJsonArrayIsReturnedAsIs()
    {
        var result = _evaluator.Evaluate(new("Json", JsonNode.Parse("[1,2]")), new ExpressionScope());

        Assert.Equal("[1,2]", result!.ToJsonString());
    }

    [Fact]
    public void NoValueOrBlankTextIsNull()
    {
        Assert.Null(_evaluator.Evaluate(new("Object", null), new ExpressionScope()));
        Assert.Null(_evaluator.Evaluate(new("Object", JsonValue.Create("  ")), new ExpressionScope()));
    }

    [Fact]
    public void BadJsonIsReportedWithItsPosition()
    {
        var message = _evaluator.CheckSyntax(new("Json", JsonValue.Create("{\n  \"a\": 1,\n  \"b\": }")));

        Assert.NotNull(message);
        Assert.Contains("line 3", message);
        Assert.Contains("column", message);
    }

    [Fact]
    public void EvaluatingBadJsonThrowsAnExpressionException()
    {
        var error = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate(new("Object", JsonValue.Create("{ nope")), new ExpressionScope()));

        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void ValidJsonPassesTheSyntaxCheck()
    {
        Assert.Null(_evaluator.CheckSyntax(new("Object", JsonValue.Create("[]"))));
    }
}
