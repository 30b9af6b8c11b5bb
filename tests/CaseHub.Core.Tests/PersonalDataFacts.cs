using CaseHub.Core.Logging;

namespace CaseHub.Core.Tests;

public sealed class PersonalDataFacts
{
    [Theory]
    [InlineData("居民电话 13812345678 已登记", "居民电话 138****5678 已登记")]
    [InlineData("phone=15900001111;", "phone=159****1111;")]
    [InlineData("身份证 33090319800101123X 已核验", "身份证 330903********123X 已核验")]
    [InlineData("id 330903198001011234, tel 13812345678", "id 330903********1234, tel 138****5678")]
    [InlineData("tel +8613912340002.", "tel +86139****0002.")]
    [InlineData("tel 0086 13912340005", "tel 0086 139****0005")]
    [InlineData("tel 8613912340006", "tel 86139****0006")]
    [InlineData("tel 139-1234-0003", "tel 139****0003")]
    [InlineData("tel 139 1234 0004", "tel 139****0004")]
    [InlineData("tel １３９１２３４０００７", "tel １３９****０００７")]
    [InlineData("身份证 330903 19800101 1234", "身份证 330903********1234")]
    [InlineData("身份证 330903-1980-0101-123x", "身份证 330903********123x")]
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
