namespace Saga.Operations.Sagas;

/// <summary>One page of <c>list</c>, newest first, and how many sagas match in all.</summary>
public sealed record SagaPage(int Page, int PageSize, long Total, IReadOnlyList<SagaOverview> Orders);
