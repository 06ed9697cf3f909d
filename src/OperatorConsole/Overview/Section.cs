namespace Saga.OperatorConsole.Overview;

/// <summary>A part of a page: what was read, or why it could not be (one line, without secrets).</summary>
public sealed record Section<T>(T? Value, string? Problem)
    where T : class
{
    public static Section<T> Of(T value) => new(value, null);

    public static Section<T> Failed(string problem) => new(null, problem);
}
