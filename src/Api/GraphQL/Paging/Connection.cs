using System.Globalization;
using System.Text;

namespace ContactBox.Api.GraphQL.Paging;

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

public sealed record Edge(string Cursor, object Node);

/// <summary>One page of a cursor connection; the total is counted only when a client selects it.</summary>
public sealed class Connection(IReadOnlyList<Edge> edges, PageInfo pageInfo, Func<CancellationToken, Task<int>> count)
{
    public IReadOnlyList<Edge> Edges { get; } = edges;
    public IEnumerable<object> Nodes => Edges.Select(e => e.Node);
    public PageInfo PageInfo { get; } = pageInfo;

    public Task<int> CountAsync(CancellationToken cancellationToken) => count(cancellationToken);

    public static Connection From(IReadOnlyList<object> rows, PageWindow window, Func<CancellationToken, Task<int>> count)
    {
        var page = rows.Take(window.Take).ToList();
        var edges = page.Select((node, i) => new Edge(Cursor.Format(window.Skip + i), node)).ToList();
        var hasNext = rows.Count > window.Take || window.MoreAfter;
        var info = new PageInfo(hasNext, window.Skip > 0, edges.FirstOrDefault()?.Cursor, edges.LastOrDefault()?.Cursor);
        return new Connection(edges, info, count);
    }
}

/// <summary>Offset cursors, as HotChocolate's queryable paging writes them: base64 of the item's index.</summary>
public static class Cursor
{
    public static string Format(int index) => Convert.ToBase64String(Encoding.UTF8.GetBytes(index.ToString(CultureInfo.InvariantCulture)));

    public static int Parse(string value, string argument)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                return index;
            }
        }
        catch (FormatException)
        {
        }

        throw new PagingException($"'{value}' given for {argument} is not a cursor of this list.");
    }
}

public sealed class PagingException(string message, string code = ErrorCodes.InvalidPaging) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Which rows a page covers: skip, take (one more is fetched to learn whether more follow).</summary>
public sealed record PageWindow(int Skip, int Take, bool MoreAfter)
{
    public static PageWindow For(int? first, string? after, int? last, string? before, GraphQLOptions options, int? total = null)
    {
        CheckSizes(first, last, options);
        var start = Start(after);
        int? end = before is null ? null : Cursor.Parse(before, "before");
        if (end < start)
        {
            end = start;
        }

        if (last is { } takeLast)
        {
            var stop = end ?? total ?? throw new InvalidOperationException("last without before needs the total.");
            var from = Math.Max(start, stop - takeLast);
            return new PageWindow(from, stop - from, end is not null || stop < total);
        }

        var take = first ?? options.DefaultPageSize;
        if (end is { } e)
        {
            var bounded = Math.Min(take, e - start);
            return new PageWindow(start, bounded, start + bounded < e);
        }

        return new PageWindow(start, take, false);
    }

    /// <summary>The index of the first row after the cursor <paramref name="after"/> (0 without one).</summary>
    public static int Start(string? after) => after is null ? 0 : Cursor.Parse(after, "after") + 1;

    /// <summary>Refuses first with last, negative sizes and sizes over the maximum page size.</summary>
    public static void CheckSizes(int? first, int? last, GraphQLOptions options)
    {
        if (first is not null && last is not null)
        {
            throw new PagingException("Pass either first or last, not both.");
        }

        foreach (var (name, value) in new[] { ("first", first), ("last", last) })
        {
            if (value < 0)
            {
                throw new PagingException($"{name} must not be negative.");
            }

            if (value > options.MaxPageSize)
            {
                throw new PagingException($"{name} is {value}, but at most {options.MaxPageSize} items can be requested per page.", ErrorCodes.PageSizeTooLarge);
            }
        }
    }
}
