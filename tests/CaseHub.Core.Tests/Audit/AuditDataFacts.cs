using CaseHub.Core.Audit;

namespace CaseHub.Core.Tests.Audit;

public sealed class AuditDataFacts
{
    [Fact]
    public void Serialize_MasksPhoneAndIdNumbersInStringsAndNumbers()
    {
        var json = AuditData.Serialize(new
        {
            note = "居民\n13812345678 来电",
            idNumber = "33090319800101123X",
            phone = 13812345678L,
            contacts = new[] { new { tel = "15900001111" } },
        });
        Assert.Equal("""{"note":"居民\n138****5678 来电","idNumber":"330903********123X","phone":"138****5678","contacts":[{"tel":"159****1111"}]}""", json);
    }

    [Fact]
    public void Serialize_KeepsOtherValuesAndNull()
    {
        Assert.Null(AuditData.Serialize(null));
        Assert.Equal("""{"moduleId":"culture","enabled":false,"count":12}""", AuditData.Serialize(new { moduleId = "culture", enabled = false, count = 12 }));
    }
}
