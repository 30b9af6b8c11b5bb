namespace CaseHub.Core;

/// <summary>The <c>CaseHub</c> configuration section.</summary>
public sealed class CaseHubOptions
{
    public DemoOptions Demo { get; set; } = new();
    public BootstrapOptions Bootstrap { get; set; } = new();
    public CasesOptions Cases { get; set; } = new();

    public sealed class DemoOptions
    {
        public bool Enabled { get; set; }
        public string Password { get; set; } = Identity.DemoUsers.DefaultPassword;
    }

    public sealed class CasesOptions
    {
        /// <summary>The workflow a ticket runs when a low rating or an unsatisfied return visit reopens it (appsettings.json names it).</summary>
        public string ReopenWorkflow { get; set; } = "";
    }

    public sealed class BootstrapOptions
    {
        public string? AdminEmail { get; set; }
        public string? AdminPassword { get; set; }
    }

    /// <summary>Refuses to start without the settings the case loop cannot work without.</summary>
    public void EnsureCaseSettings()
    {
        if (string.IsNullOrWhiteSpace(Cases.ReopenWorkflow))
            throw new InvalidOperationException("CaseHub:Cases:ReopenWorkflow is not set: name the workflow a reopened ticket runs (appsettings.json ships the default).");
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
