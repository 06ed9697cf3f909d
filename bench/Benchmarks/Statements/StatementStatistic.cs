namespace Saga.Benchmarks.Statements;

/// <summary>One normalised statement of one service's database, as <c>pg_stat_statements</c> counted it over a window.</summary>
public sealed record StatementStatistic(
    string Service,
    string Query,
    long Calls,
    double TotalMs,
    long Rows,
    long SharedBlocksHit,
    long SharedBlocksRead,
    long SharedBlocksDirtied,
    long SharedBlocksWritten,
    long WalRecords,
    long WalFullPageImages,
    decimal WalBytes);
