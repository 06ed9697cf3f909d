using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.OperatorConsole.Components.Shared;
using Saga.OperatorConsole.Configuration;
using Saga.OperatorConsole.Data;
using Saga.OperatorConsole.Overview;

namespace Saga.OperatorConsole.Hosting;

/// <summary>
/// The overview's live refresh: a server-sent event stream that pushes the overview's live region, rendered on the
/// server exactly as the page renders it, every <see cref="OperatorConsoleOptions.RefreshInterval"/> until the page goes.
/// The page's script swaps it in; without the script the page is simply static.
/// </summary>
public static class OverviewFeed
{
    public const string Path = "/overview/live";

    public const string EventName = "overview";

    public static async Task StreamAsync(HttpContext context, ConsoleReader reader, IOptions<OperatorConsoleOptions> options, TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        var cancellationToken = context.RequestAborted;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        // A reverse proxy (nginx) would otherwise hold the events back until its buffer fills.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        var interval = options.Value.RefreshInterval;
        // The browser reconnects after this when the stream breaks (a restart of the console, say).
        await context.Response.WriteAsync($"retry: {(long)interval.TotalMilliseconds}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);

        await using var renderer = new HtmlRenderer(context.RequestServices, loggerFactory);
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var snapshot = await reader.OverviewAsync(cancellationToken);
                var html = await RenderAsync(renderer, snapshot);
                await context.Response.WriteAsync(Event(html), cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page went away.
        }
    }

    public static Task<string> RenderAsync(HtmlRenderer renderer, OverviewSnapshot snapshot) =>
        renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(OverviewLive.Snapshot)] = snapshot });
            var output = await renderer.RenderComponentAsync<OverviewLive>(parameters);
            return output.ToHtmlString();
        });

    /// <summary>One event: a data line per line of the fragment (an event's data cannot hold a bare line break).</summary>
    static string Event(string html)
    {
        var text = new StringBuilder($"event: {EventName}\n");
        foreach (var line in html.Split('\n'))
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        return text.Append('\n').ToString();
    }
}
