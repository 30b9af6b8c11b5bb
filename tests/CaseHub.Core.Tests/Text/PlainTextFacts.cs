using CaseHub.Core.Text;

namespace CaseHub.Core.Tests.Text;

public sealed class PlainTextFacts
{
    [Theory]
    [InlineData("王阿婆", false)]
    [InlineData("Mrs Wang 🌊", false)]
    [InlineData("第一行\n第二行\t缩进\r\n第三行", true)]
    [InlineData(null, false)]
    public void CleanText_HasNoProblem(string? text, bool multiLine) => Assert.Null(PlainText.Check(text, multiLine));

    [Theory]
    [InlineData("王\n阿婆", "换行")]
    [InlineData("王\r阿婆", "换行")]
    [InlineData("王\t阿婆", "换行")]
    [InlineData("王\u2028阿婆", "换行")]
    [InlineData("王\0阿婆", "U+0000")]
    [InlineData("\u001b[31m王", "U+001B")]
    [InlineData("王\u0085", "U+0085")]
    public void ASingleLineField_RefusesLineBreaksControlsAndLoneSurrogates(string text, string words) =>
        Assert.Contains(words, PlainText.Check(text, multiLine: false)!.Zh);

    [Theory]
    [InlineData("原因\0", "U+0000")]
    [InlineData("原因\u001b[2J", "U+001B")]
    public void AMultiLineField_KeepsLineBreaksButRefusesTheRest(string text, string words) =>
        Assert.Contains(words, PlainText.Check(text, multiLine: true)!.Zh);

    [Fact]
    public void ALoneSurrogate_IsRefusedInEitherKindOfField()
    {
        // Built here, not in InlineData: xUnit's serialisation of theory data would replace the lone surrogate with U+FFFD.
        foreach (var text in new[] { "王" + (char)0xD800, "原因" + (char)0xDC00 + "。" })
        {
            Assert.Contains("代理项", PlainText.Check(text, multiLine: false)!.Zh);
            Assert.Contains("代理项", PlainText.Check(text, multiLine: true)!.Zh);
        }
        Assert.Null(PlainText.Check("浪" + char.ConvertFromUtf32(0x1F30A), multiLine: false));
    }

    [Fact]
    public void OneLine_AddsTheFieldsErrorInBothLanguages_AndKeepsAnEarlierOne()
    {
        var errors = new Dictionary<string, string[]>();
        Assert.False(PlainText.OneLine("a\nb", "name", errors));
        Assert.Contains("只能填一行", errors["name"][0]);
        Assert.Contains("must be one line", errors["name"][0]);
        errors["other"] = ["earlier"];
        Assert.False(PlainText.OneLine("\0", "other", errors));
        Assert.Equal(["earlier"], errors["other"]);
        Assert.True(PlainText.OneLine("好", "ok", errors));
    }
}
