using CaseHub.Core.Catalog;
using CaseHub.Core.Identity;
using CaseHub.Core.Jurisdictions;
using CaseHub.Core.Providers;
using CaseHub.Workflows.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CaseHub.Core.Data;

/// <summary>
/// The one database of CaseHub: identity, data-protection keys and the case model share it so that a
/// single transaction can cover any change. Each provider has a subclass with its own migrations and the
/// few statements LINQ cannot express, so no other code asks which database it is on.
/// </summary>
public abstract class CaseHubDbContext(DbContextOptions options) : IdentityDbContext<CaseHubUser>(options), IDataProtectionKeyContext
{
    /// <summary>
    /// One atomic statement that inserts the day's counter at 1 or adds 1 to it, and returns the new value
    /// in a column named <c>Value</c> (for <c>SqlQueryRaw&lt;long&gt;</c>); <c>{0}</c> is the day.
    /// </summary>
    private protected abstract string NextTicketSequenceSql { get; }

    /// <summary>Takes the lock that serialises appends to the audit chain, held until the surrounding transaction ends.</summary>
    private protected abstract string AuditChainLockSql { get; }

    /// <summary>Bumps and reads back the ticket counter of <paramref name="day"/>; joins the current transaction if there is one.</summary>
    internal async Task<long> NextTicketSequenceAsync(DateOnly day, CancellationToken ct) =>
        (await Database.SqlQueryRaw<long>(NextTicketSequenceSql, day).ToListAsync(ct)).Single();

    /// <summary>Serialises appends to the audit chain until the current transaction ends; call it inside one.</summary>
    internal Task LockAuditChainAsync(CancellationToken ct) => Database.ExecuteSqlRawAsync(AuditChainLockSql, ct);

    public DbSet<Jurisdiction> Jurisdictions => Set<Jurisdiction>();
    public DbSet<ModuleSetting> ModuleSettings => Set<ModuleSetting>();
    public DbSet<ServiceItem> ServiceItems => Set<ServiceItem>();
    public DbSet<Provider> Providers => Set<Provider>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyWorkflowModel();
        // Feature folders configure their own entities (IEntityTypeConfiguration<T>) beside the code that uses them.
        builder.ApplyConfigurationsFromAssembly(typeof(CaseHubDbContext).Assembly);

        builder.Entity<CaseHubUser>(u =>
        {
            u.Property(x => x.DisplayName).HasMaxLength(100);
            u.Property(x => x.HomeJurisdictionId).HasMaxLength(64);
            u.Property(x => x.ProviderId).HasMaxLength(64);
            u.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.HomeJurisdictionId).OnDelete(DeleteBehavior.Restrict);
            u.HasOne<Provider>().WithMany().HasForeignKey(x => x.ProviderId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Jurisdiction>(j =>
        {
            j.HasKey(x => x.Id);
            j.Property(x => x.Id).HasMaxLength(64);
            j.Property(x => x.Code).HasMaxLength(64);
            j.Property(x => x.Name).HasMaxLength(100);
            j.Property(x => x.NameEn).HasMaxLength(100);
            j.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            j.Property(x => x.ParentId).HasMaxLength(64);
            j.Property(x => x.Path).HasMaxLength(400);
            j.HasIndex(x => x.Path).IsUnique();
            j.HasIndex(x => x.Code).IsUnique();
            j.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ModuleSetting>(s =>
        {
            s.HasKey(x => new { x.JurisdictionId, x.ModuleId });
            s.Property(x => x.JurisdictionId).HasMaxLength(64);
            s.Property(x => x.ModuleId).HasMaxLength(32);
            s.Property(x => x.ChangedBy).HasMaxLength(256);
            s.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ServiceItem>(i =>
        {
            i.HasKey(x => x.Id);
            i.Property(x => x.Id).HasMaxLength(64);
            i.Property(x => x.Code).HasMaxLength(64);
            i.HasIndex(x => new { x.Code, x.ScopeJurisdictionId }).IsUnique();
            i.Property(x => x.ProviderId).HasMaxLength(64);
            i.Property(x => x.CreatedBy).HasMaxLength(256);
            i.Property(x => x.Function).HasMaxLength(32);
            i.Property(x => x.Name).HasMaxLength(100);
            i.Property(x => x.NameEn).HasMaxLength(200);
            i.Property(x => x.Mode).HasMaxLength(16);
            i.Property(x => x.ScopeJurisdictionId).HasMaxLength(64);
            i.Property(x => x.WorkflowDefinitionId).HasMaxLength(100);
            i.Property(x => x.ProviderName).HasMaxLength(100);
            i.Property(x => x.Source).HasMaxLength(500);
            i.HasIndex(x => new { x.ScopeJurisdictionId, x.Function });
            i.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.ScopeJurisdictionId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Provider>(p =>
        {
            p.HasKey(x => x.Id);
            p.Property(x => x.Id).HasMaxLength(64);
            p.Property(x => x.Name).HasMaxLength(100);
            p.Property(x => x.NameEn).HasMaxLength(200);
            p.Property(x => x.Kind).HasMaxLength(16);
            p.Property(x => x.Accreditation).HasMaxLength(16);
            p.Property(x => x.JurisdictionId).HasMaxLength(64);
            p.HasOne<Jurisdiction>().WithMany().HasForeignKey(x => x.JurisdictionId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
