using Microsoft.Extensions.Logging;

namespace Saga.Persistence.Sagas;

/// <summary>The saga repository's log lines: races between messages for one saga, at Debug (the retry resolves them).</summary>
internal static partial class SagaRepositoryLog
{
    [LoggerMessage(Level = LogLevel.Debug,
        Message = "{SagaType} {CorrelationId}: another transaction changed the saga since it was read (version conflict); the retry reloads it")]
    public static partial void VersionConflict(ILogger logger, string sagaType, Guid correlationId);

    [LoggerMessage(Level = LogLevel.Debug,
        Message = "{SagaType} {CorrelationId}: the new saga's insert failed, most likely because another message created it first")]
    public static partial void InsertRace(ILogger logger, string sagaType, Guid correlationId);
}
