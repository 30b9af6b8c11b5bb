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
    public void JSON_text_is_parsed(string syntax)
    {
        var result = _evaluator.Evaluate(new(syntax, JsonValue.Create("""{ "a": [1, true, null], "b": "x" }""")), new ExpressionScope());

        Assert.Equal("""{"a":[1,true,null],"b":"x"}""", result!.ToJsonString());
    }

    [Fact]
    public void A_JSON_object_is_cloned_not_shared()
    {
        var value = JsonNode.Parse("""{"a":1}""")!;

        var result = _evaluator.Evaluate(new("Object", value), new ExpressionScope())!;
        result["a"] = 2;

        Assert.Equal(1, value["a"]!.GetValue<int>());
    }

    [Fact]
    public void A_JSON_array_is_returned_as_is()
    {
        var result = _evaluator.Evaluate(new("Json", JsonNode.Parse("[1,2]")), new ExpressionScope());

        Assert.Equal("[1,2]", result!.ToJsonString());
    }

    [Fact]
    public void No_value_or_blank_text_is_null()
    {
        Assert.Null(_evaluator.Evaluate(new("Object", null), new ExpressionScope()));
        Assert.Null(_evaluator.Evaluate(new("Object", JsonValue.Create("  ")), new ExpressionScope()));
    }

    [Fact]
    public void Bad_JSON_is_reported_with_its_position()
    {
        var message = _evaluator.CheckSyntax(new("Json", JsonValue.Create("{\n  \"a\": 1,\n  \"b\": }")));

        Assert.NotNull(message);
        Assert.Contains("line 3", message);
        Assert.Contains("column", message);
    }

    [Fact]
    public void Evaluating_bad_JSON_throws_an_expression_exception()
    {
        var error = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate(new("Object", JsonValue.Create("{ nope")), new ExpressionScope()));

        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void Valid_JSON_passes_the_syntax_check()
    {
        Assert.Null(_evaluator.CheckSyntax(new("Object", JsonValue.Create("[]"))));
    }
}
