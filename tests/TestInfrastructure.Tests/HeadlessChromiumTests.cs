using System.Net;
using System.Text;
using OpenQA.Selenium;

namespace Saga.TestInfrastructure.Tests;

[TestFixture]
public sealed class HeadlessChromiumTests
{
    // A button whose click changes the page: proof that the browser runs the page's script, not just renders HTML.
    private const string Page = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>probe</title></head>
        <body>
          <h1 id="heading">Waiting</h1>
          <button id="press" type="button">Press</button>
          <script>
            document.getElementById('press').addEventListener('click', () => {
              setTimeout(() => {
                const done = document.createElement('p');
                done.id = 'done';
                done.textContent = 'Pressed at ' + window.innerWidth + ' px';
                document.body.appendChild(done);
              }, 50);
            });
          </script>
        </body>
        </html>
        """;

    private static readonly byte[] s_pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Test]
    [CancelAfter(600_000)] // The first run may install Chromium.
    public async Task A_page_served_on_loopback_is_loaded_clicked_and_photographed(CancellationToken cancellationToken)
    {
        using var server = LoopbackPage.Start(Page);

        var browser = await HeadlessChromium.StartAsync(cancellationToken: cancellationToken);
        var directory = browser.Directory;
        try
        {
            Assert.That(ServerProcesses.FindMarked(directory), Has.Count.GreaterThanOrEqualTo(2), "the driver and the browser carry the marker");

            browser.Navigate(server.Url);
            Assert.That(browser.Driver.FindElement(By.Id("heading")).Text, Is.EqualTo("Waiting"));
            browser.Driver.FindElement(By.Id("press")).Click();
            var done = browser.WaitForElement("#done");
            Assert.That(done.Text, Is.EqualTo($"Pressed at {HeadlessChromium.DefaultWindowSize.Width} px"));

            var png = browser.Screenshot();
            Assert.That(png.Take(s_pngSignature.Length), Is.EqualTo(s_pngSignature), "PNG signature");
            Assert.That(png, Has.Length.GreaterThan(1000));
            var path = Path.Combine(directory, "shot.png");
            HeadlessChromium.SavePng(png, path);
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(png));
            Assert.That(browser.ScreenshotWholePage().Take(s_pngSignature.Length), Is.EqualTo(s_pngSignature));
        }
        finally
        {
            await browser.DisposeAsync();
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ServerProcesses.FindMarked(directory), Is.Empty, "no driver or browser process after dispose");
            Assert.That(Directory.Exists(directory), Is.False, "the profile is deleted on dispose");
        }

        Assert.DoesNotThrowAsync(async () => await browser.DisposeAsync(), "disposing twice");
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task A_narrow_window_is_390_pixels_wide(CancellationToken cancellationToken)
    {
        using var server = LoopbackPage.Start(Page);
        await using var browser = await HeadlessChromium.StartAsync(HeadlessChromium.NarrowWindowSize, cancellationToken);

        browser.Navigate(server.Url);

        Assert.That(browser.ExecuteScript("return window.innerWidth;"), Is.EqualTo(HeadlessChromium.NarrowWindowSize.Width));
        Assert.That(
            () => browser.WaitUntil(_ => false, "something that never happens", TimeSpan.FromMilliseconds(300)),
            Throws.InstanceOf<WebDriverTimeoutException>().With.Message.Contains("something that never happens"));
    }

    /// <summary>One HTML page on a free loopback port, answered to every request.</summary>
    private sealed class LoopbackPage : IDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _serving;

        private LoopbackPage(HttpListener listener, string html)
        {
            _listener = listener;
            Url = listener.Prefixes.Single();
            var body = Encoding.UTF8.GetBytes(html);
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return; // Stopped.
                    }

                    context.Response.ContentType = "text/html; charset=utf-8";
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
        }

        internal string Url { get; }

        internal static LoopbackPage Start(string html)
        {
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{FreeTcpPort.Find()}/");
            listener.Start();
            return new LoopbackPage(listener, html);
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
