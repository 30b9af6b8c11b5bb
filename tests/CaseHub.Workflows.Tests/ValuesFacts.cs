using System.Text.Json.Nodes;
using CaseHub.Workflows.Activities;
using CaseHub.Workflows.Expressions;

namespace CaseHub.Workflows.Tests;

public sealed class ValuesFacts
{
    [Theory]
    [InlineData("00:05:00", 300)]
    [InlineData("1.00:00:00", 86400)]
    [InlineData("PT2M", 120)]
    [InlineData("90", 90)]
    public void ToTimeSpan_ReadsElsaAndIsoForms(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Values.ToTimeSpan(JsonValue.Create(text)));

    [Fact]
    public void ToTimeSpan_RejectsNonsenseWithAHint() =>
        Assert.Contains("00:05:00", Assert.Throws<ExpressionException>(() => Values.ToTimeSpan(JsonValue.Create("soon"))).Message);

    [Fact]
    public void ToList_ReadsArraysAndCommaText()
    {
        Assert.Equal(["A", "B"], Values.ToList(JsonNode.Parse("[\"A\",\"B\"]")));
        Assert.Equal(["同意", "驳回"], Values.ToList(JsonValue.Create("同意, 驳回")));
    }
}
