namespace Saga.OperatorConsole.Configuration;

/// <summary>The saga console's settings, section <c>Console</c>: where it listens, who may act, and what it shows.</summary>
public sealed class OperatorConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Where <c>saga console</c> listens; on the orchestrator the console is served on <c>Operations:Url</c> instead.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8090";

    /// <summary>Served by the orchestrator on its operations listener (which must be enabled); <c>saga console</c> ignores it.</summary>
    public bool Enabled { get; set; }

    /// <summary>Off by default: the console only reads. On, signed-in operators may cancel, retry and move error messages.</summary>
    public bool ActionsEnabled { get; set; }

    /// <summary>Operator name → token. A token signs its operator in; actions are recorded under that name.</summary>
    public Dictionary<string, string> Operators { get; set; } = new(StringComparer.Ordinal);

    /// <summary>An order in flight without a transition for longer than this counts as stuck.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the overview's live region is pushed to open pages.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many hours the throughput chart spans.</summary>
    public int ChartHours { get; set; } = 3;

    /// <summary>Orders per page of the order list.</summary>
    public int PageSize { get; set; } = 50;
}
