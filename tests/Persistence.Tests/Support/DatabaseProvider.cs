namespace Saga.Persistence.Tests.Support;

/// <summary>The databases every outbox and inbox test runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}
