using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Saga.Persistence;
using Saga.Contracts;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.SagaOrchestrator.Persistence;

/// <summary>
/// Maps <see cref="OrderState"/> to the <c>order_sagas</c> table: state as text and every key field as its own column,
/// so that operators read sagas with plain SQL. The line items, needed only by the saga itself, are one JSON column.
/// </summary>
public sealed class OrderStateMap : IEntityTypeConfiguration<OrderState>
{
    static readonly JsonSerializerOptions ItemsJson = new(JsonSerializerDefaults.Web);

    /// <summary>The ship-to columns: as wide as the longest address field in <see cref="OrderLimits"/>.</summary>
    const int ShipToLength = OrderLimits.MaxAddressLine1Length;

    public void Configure(EntityTypeBuilder<OrderState> builder)
    {
        builder.ToTable("order_sagas");
        builder.IsSaga();

        builder.Property(x => x.CurrentState).HasMaxLength(64).IsRequired();
        builder.Property(x => x.DefinitionVersion).HasDefaultValue(1);
        builder.Property(x => x.CustomerId).HasMaxLength(OrderLimits.MaxCustomerIdLength);
        builder.Property(x => x.CustomerReference).HasMaxLength(OrderLimits.MaxCustomerReferenceLength);
        builder.Property(x => x.CustomerGivenName).HasMaxLength(OrderLimits.MaxGivenNameLength);
        builder.Property(x => x.CustomerFamilyName).HasMaxLength(OrderLimits.MaxFamilyNameLength);
        builder.Property(x => x.CustomerEmail).HasMaxLength(OrderLimits.MaxEmailLength);
        builder.Property(x => x.CustomerPhone).HasMaxLength(OrderLimits.MaxPhoneLength);
        builder.Property(x => x.Amount).HasPrecision(19, 4);
        builder.Property(x => x.Currency).HasMaxLength(3);
        builder.Property(x => x.ShipToLine1).HasMaxLength(ShipToLength);
        builder.Property(x => x.ShipToCity).HasMaxLength(ShipToLength);
        builder.Property(x => x.ShipToPostalCode).HasMaxLength(ShipToLength);
        builder.Property(x => x.ShipToCountry).HasMaxLength(2);
        builder.Property(x => x.CompensatingStep).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.TimedOutStep).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.InDoubtStep).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.FailureReason).HasMaxLength(OrderState.MaxReasonLength);
        builder.Property(x => x.FailureKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.CompensationError).HasMaxLength(OrderState.MaxReasonLength);
        builder.Property(x => x.LastRetryBy).HasMaxLength(OrderState.MaxLastRetryByLength);

        builder.Property(x => x.Items)
            .HasConversion(new ValueConverter<List<OrderItem>, string>(
                items => JsonSerializer.Serialize(items, ItemsJson),
                json => JsonSerializer.Deserialize<List<OrderItem>>(json, ItemsJson) ?? new List<OrderItem>()))
            .Metadata.SetValueComparer(new ValueComparer<List<OrderItem>>(
                (left, right) => left!.SequenceEqual(right!),
                items => items.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode())),
                items => items.ToList()));

        // What operators ask of millions of rows: a state's sagas newest first (by either time), stuck ones (an in-flight
        // state and an old updated_at), and recent completions. Counts per state read the state-only index, which PostgreSQL
        // deduplicates to a small fraction of the table; the wider ones cost more to scan than the table itself. Failures by
        // reason are asked for over a period, which (current_state, updated_at) narrows; failure_reason itself is not indexed,
        // as a reason of up to 4000 characters exceeds the index key limits of PostgreSQL and SQL Server.
        builder.HasIndex(x => x.CurrentState);
        builder.HasIndex(x => new { x.CurrentState, x.UpdatedAt });
        builder.HasIndex(x => new { x.CurrentState, x.CreatedAt });
        builder.HasIndex(x => x.CustomerId);
        builder.HasIndex(x => x.CreatedAt);
        builder.HasIndex(x => x.CompletedAt);
    }
}
