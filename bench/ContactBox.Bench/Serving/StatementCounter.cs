using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContactBox.Bench.Serving;

/// <summary>
/// Counts the SQL statements EF Core sends and keeps the latest texts, so the benchmark can show how many
/// statements one request costs and that both endpoints send the same SQL. Read (and reset) at GET /bench/statements.
/// </summary>
internal sealed class StatementCounter : DbCommandInterceptor
{
    private const int KeptTexts = 64;

    private readonly ConcurrentQueue<string> _texts = new();
    private int _count;

    public StatementsSnapshot TakeSnapshot()
    {
        var count = Interlocked.Exchange(ref _count, 0);
        var texts = new List<string>();
        while (_texts.TryDequeue(out var text))
        {
            texts.Add(text);
        }

        return new StatementsSnapshot(count, texts);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Record(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Record(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Record(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Record(command, result));

    private T Record<T>(DbCommand command, T result)
    {
        Interlocked.Increment(ref _count);

        // Under load only the count matters; the texts are for the single requests of the verify step.
        if (_texts.Count < KeptTexts)
        {
            _texts.Enqueue(command.CommandText);
        }

        return result;
    }
}

internal sealed record StatementsSnapshot(int Count, IReadOnlyList<string> Statements);
