namespace Saga.Persistence.Scheduling;

internal static class UtcDateTimes
{
    /// <summary>A schedule's time as UTC; MassTransit leaves a time of unspecified kind as it was given, meaning UTC.</summary>
    public static DateTime AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
