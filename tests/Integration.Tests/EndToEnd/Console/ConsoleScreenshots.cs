using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Console;

/// <summary>
/// The console's screenshots: attached to the test's result every time, and also written to the directory named by
/// <see cref="DirectoryVariable"/> when it is set (how README's images are made:
/// <c>SAGA_CONSOLE_SCREENSHOTS=docs/images dotnet test … --filter "FullyQualifiedName~EndToEnd.Console"</c>).
/// </summary>
public static class ConsoleScreenshots
{
    public const string DirectoryVariable = "SAGA_CONSOLE_SCREENSHOTS";

    public const string Overview = "console-overview.png";

    public const string OrderTimeline = "console-order-timeline.png";

    public const string Errors = "console-errors.png";

    /// <summary>Keeps <paramref name="png"/> as <paramref name="fileName"/>: attached to the current test, and in the screenshots directory when one is set.</summary>
    public static void Keep(byte[] png, string fileName, string description)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "console-screenshots", fileName);
        HeadlessChromium.SavePng(png, path);
        TestContext.AddTestAttachment(path, description);

        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } directory)
            HeadlessChromium.SavePng(png, Path.Combine(directory, fileName));
    }
}
