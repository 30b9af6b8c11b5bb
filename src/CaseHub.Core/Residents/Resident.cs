using CaseHub.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Residents;

/// <summary>
/// A person a ticket is for, known by their mobile number. The ID number is held only as Data Protection
/// ciphertext plus a masked copy for display, so a database dump or a list view never shows it whole.
/// </summary>
public sealed class Resident
{
    public const int NameMaxLength = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }

    /// <summary>11 digits, no spaces or country code: the form <see cref="ResidentInput.NormalisePhone"/> returns.</summary>
    public required string Phone { get; init; }

    public string? IdNumberProtected { get; set; }
    public string? IdNumberMasked { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
}

internal sealed class ResidentConfiguration : IEntityTypeConfiguration<Resident>
{
    public void Configure(EntityTypeBuilder<Resident> r)
    {
        r.ToTable("Residents");
        r.HasKey(x => x.Id);
        r.Property(x => x.Name).HasMaxLength(Resident.NameMaxLength);
        r.Property(x => x.Phone).HasMaxLength(11).IsUnicode(false);
        // The phone is how intake finds a resident again; unique so two channels cannot create the same person twice.
        r.HasIndex(x => x.Phone).IsUnique();
        // Data Protection payloads are base64url of roughly 100 bytes plus the key id; 1000 leaves room for a longer algorithm.
        r.Property(x => x.IdNumberProtected).HasMaxLength(1000).IsUnicode(false);
        r.Property(x => x.IdNumberMasked).HasMaxLength(18).IsUnicode(false);
        r.Property(x => x.CreatedAt).HasConversion(UtcConverter.Instance);
    }
}
