using CaseHub.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Tickets;

/// <summary>
/// An Idempotency-Key a caller used for an order, with the hash of the body it came with. The key
/// (UserId, Key) is the database's primary key, so of concurrent requests with one key exactly one inserts.
/// </summary>
public sealed class IdempotencyRecord
{
    public const int KeyMaxLength = 200;

    public required string UserId { get; init; }
    public required string Key { get; init; }
    /// <summary>SHA-256 of the canonical request body, hex.</summary>
    public required string RequestHash { get; init; }
    public required Guid TicketId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> r)
    {
        r.ToTable("IdempotencyRecords");
        r.HasKey(x => new { x.UserId, x.Key });
        r.Property(x => x.UserId).HasMaxLength(256);
        r.Property(x => x.Key).HasMaxLength(IdempotencyRecord.KeyMaxLength);
        r.Property(x => x.RequestHash).HasMaxLength(64).IsUnicode(false);
        r.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        r.Property(x => x.CreatedAt).HasConversion(UtcConverter.Instance);
    }
}
