using System.Data.Common;
using System.Globalization;

namespace Saga.Operations.Connection;

/// <summary>
/// Reads a view's columns whatever type the provider hands back: PostgreSQL and SQL Server return uuids, timestamps and
/// numerics, SQLite returns text for all three (as EF Core stores them there). Times are UTC.
/// </summary>
public static class DbValues
{
    public static string? Text(DbDataReader reader, string column) =>
        Raw(reader, column) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public static string RequiredText(DbDataReader reader, string column) => Text(reader, column) ?? "";

    public static Guid? Id(DbDataReader reader, string column) => Raw(reader, column) switch
    {
        null => null,
        System.Guid guid => guid,
        byte[] bytes => new Guid(bytes),
        var value => System.Guid.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!),
    };

    public static DateTime? Time(DbDataReader reader, string column) => Raw(reader, column) switch
    {
        null => null,
        System.DateTime time => System.DateTime.SpecifyKind(time, DateTimeKind.Utc),
        DateTimeOffset time => time.UtcDateTime,
        var value => System.DateTime.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
    };

    public static DateTime RequiredTime(DbDataReader reader, string column) => Time(reader, column) ?? default;

    public static decimal? Money(DbDataReader reader, string column) => Raw(reader, column) switch
    {
        null => null,
        string text => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        var value => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    public static double Number(DbDataReader reader, string column) => Raw(reader, column) switch
    {
        null => 0,
        string text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        var value => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    public static int? WholeNumber(DbDataReader reader, string column) => Raw(reader, column) switch
    {
        null => null,
        string text => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
        var value => Convert.ToInt32(value, CultureInfo.InvariantCulture),
    };

    public static long Count(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    static object? Raw(DbDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
    }
}
