namespace Saga.OperatorConsole.Overview;

/// <summary>A part of a page: what was read, or why it could not be (one line, without secrets).</summary>
public sealed record Section<T>(T? Value, string? Problem)
    where T : class;
