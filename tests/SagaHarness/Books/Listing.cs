namespace Saga.SagaHarness.Books;

/// <summary>A failed check's account: the first offenders by name, and how many more there are.</summary>
internal static class Listing
{
    const int Shown = 12;

    public static string Of(IReadOnlyCollection<string> offenders) =>
        offenders.Count == 0 ? "" :
        ": " + string.Join("; ", offenders.Take(Shown)) + (offenders.Count > Shown ? $"; … and {offenders.Count - Shown} more" : "");
}
