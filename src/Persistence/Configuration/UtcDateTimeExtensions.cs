using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Saga.Persistence;

internal static class UtcDateTimeExtensions
{
    static readonly ValueConverter<DateTime, DateTime> Utc = new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
    static readonly ValueConverter<DateTime?, DateTime?> NullableUtc = new(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);

    /// <summary>
    /// Reads every <see cref="DateTime"/> of the entity back as UTC. Everything here is written in UTC, but SQLite returns
    /// values without a kind, and MassTransit turns an expiration time of unspecified kind into a time-to-live as if it
    /// were local time.
    /// </summary>
    public static EntityTypeBuilder<TEntity> StoredAsUtc<TEntity>(this EntityTypeBuilder<TEntity> entity)
        where TEntity : class
    {
        foreach (var property in entity.Metadata.GetProperties())
        {
            if (property.ClrType == typeof(DateTime))
                property.SetValueConverter(Utc);
            else if (property.ClrType == typeof(DateTime?))
                property.SetValueConverter(NullableUtc);
        }

        return entity;
    }
}
