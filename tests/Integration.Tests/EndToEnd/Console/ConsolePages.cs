using System.Globalization;
using OpenQA.Selenium;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Console;

/// <summary>
/// The console's pages in the headless browser, read and used through the ids and attributes of its page contract
/// (<c>#state-counts tr[data-state]</c>, <c>#timeline li.transition</c>, <c>form#confirm-action</c>…), as an operator would.
/// </summary>
public sealed class ConsolePages(HeadlessChromium browser, Uri consoleUrl)
{
    public HeadlessChromium Browser => browser;

    public IWebDriver Driver => browser.Driver;

    /// <summary>The path of the page the browser shows, e.g. <c>/signin</c>.</summary>
    public string CurrentPath => new Uri(Driver.Url).AbsolutePath;

    /// <summary>Loads <paramref name="pathAndQuery"/> of the console (e.g. <c>/orders/…</c>).</summary>
    public void Open(string pathAndQuery) => browser.Navigate(new Uri(consoleUrl, pathAndQuery));

    public IWebElement WaitFor(string cssSelector) => browser.WaitForElement(cssSelector);

    /// <summary>The overview's orders per state: <c>#state-counts tr[data-state]</c> → its <c>td.count</c>.</summary>
    public IReadOnlyDictionary<string, long> StateCounts() =>
        Driver.FindElements(By.CssSelector("#state-counts tr[data-state]"))
            .ToDictionary(row => row.GetAttribute("data-state")!, row => Count(row.FindElement(By.CssSelector("td.count"))));

    /// <summary>The order page's timeline: each <c>li.transition</c>'s from- and to-state, in page order.</summary>
    public IReadOnlyList<(string From, string To)> Timeline() =>
        Driver.FindElements(By.CssSelector("#timeline li.transition"))
            .Select(item => (item.GetAttribute("data-from-state") ?? "", item.GetAttribute("data-to-state") ?? ""))
            .ToList();

    /// <summary>Signs in on <c>/signin</c> with <paramref name="token"/> (not waiting for the outcome).</summary>
    public void SubmitSignIn(string token)
    {
        Open("/signin");
        var input = WaitFor("input#token");
        input.Clear();
        input.SendKeys(token);
        Driver.FindElement(By.Id("sign-in")).Click();
    }

    /// <summary>Signs in with <paramref name="token"/> and waits until the pages name <paramref name="operatorName"/>.</summary>
    public void SignIn(string token, string operatorName)
    {
        SubmitSignIn(token);
        browser.WaitUntil(d => d.FindElement(By.Id("operator-name")).Text.Contains(operatorName, StringComparison.Ordinal),
            $"#operator-name names {operatorName} after signing in");
    }

    /// <summary>Forgets the sign-in: the browser drops every cookie of the console.</summary>
    public void SignOut()
    {
        Open("/signin");
        Driver.Manage().Cookies.DeleteAllCookies();
    }

    /// <summary>
    /// On an action's confirmation page: fills the reason when the form asks for one, confirms, and returns the
    /// <c>#action-result</c> it leads to (<c>data-outcome</c> and the summary).
    /// </summary>
    public (string Outcome, string Summary) Confirm(string reason = "asked by the customer")
    {
        var form = WaitFor("form#confirm-action");
        if (form.FindElements(By.CssSelector("[name='reason' i]")) is [var reasonInput, ..])
        {
            reasonInput.Clear();
            reasonInput.SendKeys(reason);
        }

        form.FindElement(By.Id("confirm")).Click();
        var result = browser.WaitUntil(
            d => d.FindElement(By.Id("action-result")) is { } element && element.GetAttribute("data-outcome") is { Length: > 0 } ? element : null,
            "#action-result with its outcome after confirming");
        return (result!.GetAttribute("data-outcome")!, result.Text);
    }

    /// <summary>Whether the page is wider than the window: a horizontal scrollbar.</summary>
    public bool ScrollsSideways() =>
        (bool)browser.ExecuteScript(
            "return document.documentElement.scrollWidth > document.documentElement.clientWidth;")!;

    /// <summary>The document's width, the window's, and the innermost elements that stick out, for failure messages.</summary>
    public string Widths() =>
        Convert.ToString(browser.ExecuteScript("""
            const root = document.documentElement;
            const limit = root.clientWidth + 0.5;
            const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().replace(/\s+/g, '.') : '');
            const out = [];
            // Text that overflows its box widens the page without its element doing so: measure the text itself.
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node && out.length < 8; node = walker.nextNode()) {
                if (!node.textContent.trim()) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                const right = range.getBoundingClientRect().right;
                if (right > limit)
                    out.push(name(node.parentElement) + ' "' + node.textContent.trim().slice(0, 40) + '" (right edge ' + Math.round(right) + ')');
            }
            for (const e of document.body.querySelectorAll('*')) {
                if (out.length >= 12) break;
                if (e.getBoundingClientRect().right > limit && ![...e.children].some(c => c.getBoundingClientRect().right > limit))
                    out.push(name(e) + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ')');
            }
            return 'scrollWidth ' + root.scrollWidth + ', clientWidth ' + root.clientWidth + '; sticking out: ' + out.join(', ');
            """), CultureInfo.InvariantCulture)!;

    static long Count(IWebElement cell) =>
        long.Parse(cell.Text.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
