using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Components;

namespace Saga.OperatorConsole.Components.Shared;

/// <summary>
/// The base of the action pages: who is acting (the signed-in operator; the pages require one), and whether actions are
/// on at all: when they are off a confirmation page says so with a 403 and its form does nothing.
/// </summary>
public abstract class ActionOperator : ComponentBase
{
    [CascadingParameter]
    protected HttpContext HttpContext { get; set; } = null!;

    [Inject]
    protected Security.ConsoleAccess Access { get; set; } = null!;

    /// <summary>The operator's name from the sign-in cookie (the page's authorization made sure there is one).</summary>
    protected string OperatorName => HttpContext.User.Identity?.Name
                                     ?? throw new InvalidOperationException("an action page was rendered without a signed-in operator");

    protected override void OnInitialized()
    {
        if (!Access.ActionsEnabled)
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
    }
}
