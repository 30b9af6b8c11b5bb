using CaseHub.Core.Residents;

namespace CaseHub.Core.Tests.Residents;

public sealed class ResidentInputFacts
{
    [Theory]
    [InlineData("13812345678")]
    [InlineData("138 1234 5678")]
    [InlineData("138-1234-5678")]
    [InlineData("+86 138 1234 5678")]
    [InlineData("+86-13812345678")]
    [InlineData("008613812345678")]
    [InlineData(" 13812345678 ")]
    public void PhonesAreNormalisedToElevenDigits(string phone) =>
        Assert.Equal("13812345678", ResidentInput.NormalisePhone(phone));

    [Theory]
    [InlineData("")]
    [InlineData("1381234567")]
    [InlineData("138123456789")]
    [InlineData("12812345678")]
    [InlineData("05802345678")]
    [InlineData("+1 13812345678")]
    [InlineData("138l2345678")]
    [InlineData("13７12345678")]      // a full-width digit
    [InlineData("١٣٨١٢٣٤٥٦٧٨")]       // Arabic-Indic digits
    [InlineData("138\u00a012345678")] // a no-break space is not a separator people type
    [InlineData("138\n12345678")]
    [InlineData(null)]
    public void AnythingButAMainlandMobileIsRefused(string? phone) =>
        Assert.Null(ResidentInput.NormalisePhone(phone));

    [Theory]
    [InlineData("330902198506121235", "330902198506121235")]
    [InlineData("11010519491231002X", "11010519491231002X")]
    [InlineData("11010519491231002x", "11010519491231002X")]
    [InlineData(" 330903199001010012 ", "330903199001010012")]
    public void AnIdNumberWithTheRightCheckCharacterIsAccepted(string id, string normalised) =>
        Assert.Equal(normalised, ResidentInput.NormaliseIdNumber(id));

    [Theory]
    [InlineData("330902198506121234")] // wrong check digit
    [InlineData("３30902198506121235")] // a full-width digit
    [InlineData("110105194912310021")] // X expected
    [InlineData("33090219850612123")] // 17 characters
    [InlineData("3309021985061212350")] // 19 characters
    [InlineData("33090219850612123A")]
    [InlineData("330902198502301239")] // 30 February, with a matching check digit
    [InlineData("33090219850612X235")]
    public void AMalformedIdNumberIsRefused(string id) => Assert.Null(ResidentInput.NormaliseIdNumber(id));

    [Fact]
    public void TheCheckCharacterFollowsGB11643()
    {
        Assert.Equal('X', ResidentInput.CheckCharacter("11010519491231002"));
        Assert.Equal('5', ResidentInput.CheckCharacter("33090219850612123"));
    }

    [Fact]
    public void TheMaskKeepsRegionAndLastFour() =>
        Assert.Equal("330902********1235", ResidentInput.MaskIdNumber("330902198506121235"));
}
