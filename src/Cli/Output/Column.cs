namespace Saga.Cli.Output;

/// <summary>A table column: its header and whether its values line up on the right (numbers, amounts).</summary>
public sealed record Column(string Header, bool AlignRight = false);
