namespace Saga.Operations.Sagas;

/// <summary>Which sagas <c>list</c> shows: any of <see cref="States"/> (all when empty), created within the age bounds, one page.</summary>
public sealed record SagaListQuery(IReadOnlyList<string> States, TimeSpan? OlderThan, TimeSpan? NewerThan, int Page, int PageSize);
