using CaseHub.Core.Logging;

namespace CaseHub.Core.Tests;

public sealed class PersonalDataFacts
{
    [Theory]
    [InlineData("居民电话 13812345678 已登记", "居民电话 138****5678 已登记")]
    [InlineData("phone=15900001111;", "phone=159****1111;")]
    [InlineData("身份证 33090319800101123X 已核验", "身份证 330903********123X 已核验")]
    [InlineData("id 330903198001011234, tel 13812345678", "id 330903********1234, tel 138****5678")]
    public void Mask_HidesPhoneAndIdNumbers(string text, string expected) =>
        Assert.Equal(expected, PersonalData.Mask(text));

    [Theory]
    [InlineData("工单 ZS-20261122-000123")]
    [InlineData("order 12345 of 2026")]
    [InlineData("timestamp 1732262400000")] // 13 digits: not a phone
    public void Mask_LeavesOtherNumbersAlone(string text) =>
        Assert.Equal(text, PersonalData.Mask(text));

    [Fact]
    public void MaskPhone_KeepsFirstThreeAndLastFour() =>
        Assert.Equal("138****5678", PersonalData.MaskPhone("13812345678"));
}
