using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Saga.Operations.Sagas;

namespace Saga.OperatorConsole.Orders;

/// <summary>
/// The order list's filters as the URL carries them (<c>/orders?state=&amp;age=&amp;customer=&amp;failure=&amp;page=</c>),
/// checked: a value the list cannot apply is named in <see cref="Problems"/> and ignored rather than guessed at.
/// </summary>
public sealed record OrderFilter(string? State, AgeFilter? Age, string? Customer, string? Failure, int Page, IReadOnlyList<string> Problems)
{
    public static OrderFilter Parse(string? state, string? age, string? customer, string? failure, string? page)
    {
        var problems = new List<string>();
        state = Blank(state);
        if (state is not null && (state.Length > 64 || !state.All(char.IsAsciiLetterOrDigit)))
        {
            problems.Add("The state filter is not a state name.");
            state = null;
        }

        AgeFilter? ageFilter = null;
        if (Blank(age) is { } ageText && !AgeFilter.TryParse(ageText, out ageFilter))
            problems.Add("The age filter is not understood (newer-than-1h, older-than-30m, …).");

        customer = Blank(customer);
        if (customer is { Length: > 100 })
        {
            problems.Add("The customer id is too long.");
            customer = null;
        }

        failure = Blank(failure);
        if (failure is not null && !SagaFailureKinds.Filters.Contains(failure))
        {
            problems.Add("The failure filter is not a known failure kind.");
            failure = null;
        }

        var pageNumber = 1;
        if (Blank(page) is { } pageText && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1))
        {
            problems.Add("The page number is not a positive number.");
            pageNumber = 1;
        }

        return new OrderFilter(state, ageFilter, customer, failure, pageNumber, problems);
    }

    public SagaListQuery ToQuery(int pageSize) => new(
        State is null ? [] : [State],
        Age is { Newer: false } older ? older.Age : null,
        Age is { Newer: true } newer ? newer.Age : null,
        Page,
        pageSize)
    {
        CustomerId = Customer,
        Failure = Failure,
    };

    /// <summary>The list's URL with these filters on page <paramref name="page"/>.</summary>
    public string Url(int page)
    {
        var query = new Dictionary<string, string?>();
        void Add(string key, string? value)
        {
            if (value is not null)
                query[key] = value;
        }

        Add("state", State);
        Add("age", Age?.Text);
        Add("customer", Customer);
        Add("failure", Failure);
        if (page > 1)
            query["page"] = page.ToString(CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString("/orders", query);
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
