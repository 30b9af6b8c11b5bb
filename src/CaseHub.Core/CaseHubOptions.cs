namespace CaseHub.Core;

/// <summary>The <c>CaseHub</c> configuration section.</summary>
public sealed class CaseHubOptions
{
    public DemoOptions Demo { get; set; } = new();
    public BootstrapOptions Bootstrap { get; set; } = new();

    public sealed class DemoOptions
    {
        public bool Enabled { get; set; }
        public string Password { get; set; } = Identity.DemoUsers.DefaultPassword;
    }

    public sealed class BootstrapOptions
    {
        public string? AdminEmail { get; set; }
        public string? AdminPassword { get; set; }
    }

    /// <summary>Refuses to run without a way to sign in: demo users or a configured first administrator.</summary>
    public void EnsureAdministratorSource()
    {
        if (Demo.Enabled) return;
        if (!string.IsNullOrWhiteSpace(Bootstrap.AdminEmail) && !string.IsNullOrWhiteSpace(Bootstrap.AdminPassword)) return;
        throw new InvalidOperationException(
            "CaseHub has no administrator to start with. Set CaseHub:Bootstrap:AdminEmail and CaseHub:Bootstrap:AdminPassword " +
            "(environment: CaseHub__Bootstrap__AdminEmail, CaseHub__Bootstrap__AdminPassword), " +
            "or set CaseHub:Demo:Enabled=true for a demo installation.");
    }
}
