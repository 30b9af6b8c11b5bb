using CaseHub.Core.Providers;

namespace CaseHub.Core.Tests.Providers;

public sealed class AccreditationFacts
{
    [Theory]
    [InlineData("applied", "contract", "contracted")]
    [InlineData("contracted", "notice", "notice")]
    [InlineData("notice", "restore", "contracted")]
    [InlineData("applied", "revoke", "revoked")]
    [InlineData("contracted", "revoke", "revoked")]
    [InlineData("notice", "revoke", "revoked")]
    public void EveryAllowedTransition_LeadsToItsState(string from, string action, string to)
    {
        Assert.True(Accreditation.TryNext(from, action, out var next));
        Assert.Equal(to, next);
        Assert.Contains(action, Accreditation.AllowedActions(from));
    }

    [Theory]
    [InlineData("applied", "notice")]
    [InlineData("applied", "restore")]
    [InlineData("contracted", "contract")]
    [InlineData("contracted", "restore")]
    [InlineData("notice", "contract")]
    [InlineData("notice", "notice")]
    [InlineData("revoked", "contract")]
    [InlineData("revoked", "restore")]
    [InlineData("revoked", "revoke")]
    [InlineData("contracted", "approve")]
    public void ATransitionOutsideTheTable_IsRefusedAndKeepsTheState(string from, string action)
    {
        Assert.False(Accreditation.TryNext(from, action, out var next));
        Assert.Equal(from, next);
        Assert.DoesNotContain(action, Accreditation.AllowedActions(from));
    }

    [Fact]
    public void AllowedActions_ListTheTableInOrder_AndNothingAfterRevocation()
    {
        Assert.Equal(["contract", "revoke"], Accreditation.AllowedActions("applied"));
        Assert.Equal(["notice", "revoke"], Accreditation.AllowedActions("contracted"));
        Assert.Equal(["restore", "revoke"], Accreditation.AllowedActions("notice"));
        Assert.Empty(Accreditation.AllowedActions("revoked"));
    }

    [Fact]
    public void OnlyANotice_NeedsADeadline() =>
        Assert.Equal(["notice"], Accreditation.Actions.Where(Accreditation.NeedsDeadline));
}
