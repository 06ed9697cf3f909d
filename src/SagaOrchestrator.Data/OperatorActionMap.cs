using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Saga.SagaOrchestrator.Persistence;

/// <summary>Maps <see cref="OperatorAction"/> to the <c>operator_actions</c> audit table.</summary>
public sealed class OperatorActionMap : IEntityTypeConfiguration<OperatorAction>
{
    public void Configure(EntityTypeBuilder<OperatorAction> builder)
    {
        builder.ToTable("operator_actions");
        builder.HasKey(x => x.ActionId);
        builder.Property(x => x.ActionId).ValueGeneratedOnAdd();
        builder.Property(x => x.Operator).HasMaxLength(OperatorAction.MaxOperatorLength);
        builder.Property(x => x.Action).HasMaxLength(OperatorAction.MaxActionLength);
        builder.Property(x => x.Target).HasMaxLength(OperatorAction.MaxTargetLength);
        builder.Property(x => x.Outcome).HasMaxLength(OperatorAction.MaxOutcomeLength);
        builder.Property(x => x.Detail).HasMaxLength(OperatorAction.MaxDetailLength);
        // The audit page and the sample queries read the latest actions first.
        builder.HasIndex(x => x.OccurredAt);
    }
}
