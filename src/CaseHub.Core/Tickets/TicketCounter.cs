using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CaseHub.Core.Tickets;

/// <summary>The last ticket number handed out on one China-time day; only <see cref="TicketNumbers"/> writes it, with one atomic statement.</summary>
public sealed class TicketCounter
{
    public required DateOnly Day { get; init; }
    public long Last { get; set; }
}

internal sealed class TicketCounterConfiguration : IEntityTypeConfiguration<TicketCounter>
{
    public void Configure(EntityTypeBuilder<TicketCounter> c)
    {
        c.ToTable("TicketCounters");
        c.HasKey(x => x.Day);
        c.Property(x => x.Day).ValueGeneratedNever();
    }
}
