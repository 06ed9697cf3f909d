namespace Saga.OperatorConsole.Overview;

public static class Sections
{
    public static Section<T> Of<T>(T value)
        where T : class => new(value, null);

    public static Section<T> Failed<T>(string problem)
        where T : class => new(null, problem);
}
