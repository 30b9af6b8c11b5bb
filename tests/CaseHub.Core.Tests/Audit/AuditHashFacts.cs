using CaseHub.Core.Audit;

namespace CaseHub.Core.Tests.Audit;

public sealed class AuditHashFacts
{
    private static AuditEntry Entry(long id = 7, DateTimeOffset? at = null, string actor = "admin@casehub.local", string action = "module.disable",
        string entityType = "ModuleSetting", string entityId = "putuo/culture", string? jurisdictionId = "putuo",
        string? data = """{"moduleId":"culture","enabled":false}""", string previousHash = AuditEntry.GenesisHash) => new()
    {
        Id = id, At = at ?? new DateTimeOffset(2026, 11, 23, 8, 30, 0, 123, TimeSpan.Zero), Actor = actor, Action = action,
        EntityType = entityType, EntityId = entityId, JurisdictionId = jurisdictionId, Data = data, PreviousHash = previousHash,
    };

    public static TheoryData<string, AuditEntry> Changes() => new()
    {
        { "id", Entry(id: 8) },
        { "at", Entry(at: new DateTimeOffset(2026, 11, 23, 8, 30, 0, 124, TimeSpan.Zero)) },
        { "actor", Entry(actor: "putuo.officer@casehub.local") },
        { "action", Entry(action: "module.enable") },
        { "entityType", Entry(entityType: "Provider") },
        { "entityId", Entry(entityId: "putuo/health") },
        { "jurisdictionId", Entry(jurisdictionId: "dinghai") },
        { "jurisdictionId null", Entry(jurisdictionId: null) },
        { "data", Entry(data: """{"moduleId":"culture","enabled":true}""") },
        { "data null", Entry(data: null) },
        { "previousHash", Entry(previousHash: new string('1', 64)) },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Hash_ChangesWhenAnyFieldChanges(string field, AuditEntry changed) =>
        Assert.True(AuditHash.Compute(Entry()) != AuditHash.Compute(changed), $"changing {field} kept the hash");

    [Fact]
    public void Hash_IsStableLowercaseSha256Hex()
    {
        var hash = AuditHash.Compute(Entry());
        Assert.Equal(hash, AuditHash.Compute(Entry()));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void Hash_IgnoresTheStoredHashItself()
    {
        var entry = Entry();
        var before = AuditHash.Compute(entry);
        entry.Hash = before;
        Assert.Equal(before, AuditHash.Compute(entry));
    }

    [Fact]
    public void Hash_KeepsFieldBoundaries()
    {
        // Moving characters between adjacent fields must not give the same canonical form.
        Assert.NotEqual(AuditHash.Compute(Entry(entityType: "Module", entityId: "Setting")),
                        AuditHash.Compute(Entry(entityType: "ModuleSetting", entityId: "")));
        Assert.NotEqual(AuditHash.Compute(Entry(data: null)), AuditHash.Compute(Entry(data: "")));
    }

    [Fact]
    public void Hash_DependsOnTheInstantNotTheOffset() =>
        Assert.Equal(AuditHash.Compute(Entry(at: new DateTimeOffset(2026, 11, 23, 16, 30, 0, 123, TimeSpan.FromHours(8)))),
                     AuditHash.Compute(Entry()));
}
