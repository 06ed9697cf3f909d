namespace Saga.Operations.Sagas;

/// <summary>
/// Which sagas <c>list</c> (and the console's order list) shows: any of <see cref="States"/> (all when empty), created
/// within the age bounds, of one customer and failed in one way (<see cref="SagaFailureKinds.Filters"/>) when given, one page.
/// </summary>
public sealed record SagaListQuery(IReadOnlyList<string> States, TimeSpan? OlderThan, TimeSpan? NewerThan, int Page, int PageSize)
{
    public string? CustomerId { get; init; }

    public string? Failure { get; init; }
}
