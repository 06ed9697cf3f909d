using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saga.Persistence.Transitions;

namespace Saga.Persistence;

public static class SagaModelBuilderExtensions
{
    /// <summary>Maps a saga: <c>CorrelationId</c> as the key (assigned by the message, never generated) and the version as concurrency token.</summary>
    public static EntityTypeBuilder<TSaga> IsSaga<TSaga>(this EntityTypeBuilder<TSaga> entity)
        where TSaga : class, ISaga
    {
        entity.HasKey(x => x.CorrelationId);
        entity.Property(x => x.CorrelationId).ValueGeneratedNever();

        if (typeof(ISagaVersion).IsAssignableFrom(typeof(TSaga)))
            entity.Property(nameof(ISagaVersion.Version)).IsConcurrencyToken();

        return entity;
    }

    /// <summary>Maps the transition history that <see cref="SagaTransitionRecorder{TInstance}"/> writes.</summary>
    public static EntityTypeBuilder<SagaTransition> SagaTransitions(this ModelBuilder modelBuilder, string table = "saga_transitions")
    {
        var entity = modelBuilder.Entity<SagaTransition>();
        entity.ToTable(table);
        entity.HasKey(x => x.Id);
        entity.Property(x => x.Id).ValueGeneratedOnAdd();
        entity.Property(x => x.SagaType).HasMaxLength(100);
        entity.Property(x => x.FromState).HasMaxLength(64);
        entity.Property(x => x.ToState).HasMaxLength(64);
        entity.Property(x => x.Event).HasMaxLength(100);
        entity.Property(x => x.MessageType).HasMaxLength(SagaTransition.MaxMessageTypeLength);
        // One saga's history in order; no query reads transitions by time, so occurred_at is not indexed (one index
        // entry less per transition, written with every state change).
        entity.HasIndex(x => new { x.CorrelationId, x.Id });
        return entity;
    }
}
