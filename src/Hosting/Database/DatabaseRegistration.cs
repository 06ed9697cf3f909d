namespace Saga.Hosting.Database;

/// <summary>A database this service owns: its settings section and the context it is reached through.</summary>
public sealed record DatabaseRegistration(string Section, Type ContextType);
