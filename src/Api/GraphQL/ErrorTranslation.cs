using ContactBox.Api.GraphQL.Filtering;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.Common;
using GraphQL;
using GraphQL.Execution;

namespace ContactBox.Api.GraphQL;

/// <summary>
/// Turns the exceptions that describe bad input (a filter, a cursor, an ID) into GraphQL errors with a code and
/// a message saying where; anything else stays an opaque UNEXPECTED_EXECUTION_ERROR and is logged.
/// </summary>
internal static class ErrorTranslation
{
    public static void Translate(UnhandledExceptionContext context)
    {
        context.Exception = context.OriginalException switch
        {
            FilterException e => new ExecutionError($"Invalid filter at {e.Path}: {e.Message}") { Code = ErrorCodes.InvalidFilter },
            SortException e => new ExecutionError($"Invalid order at {e.Path}: {e.Message}") { Code = ErrorCodes.InvalidFilter },
            PagingException e => new ExecutionError(e.Message) { Code = e.Code },
            InvalidIdException e => new ExecutionError(e.Message) { Code = ErrorCodes.InvalidId },
            DomainValidationException e => new ExecutionError($"{e.Field}: {e.Message}") { Code = "VALIDATION_ERROR" },
            InvalidOperationException e when e.Message.Contains("could not be translated", StringComparison.Ordinal) =>
                new ExecutionError("This filter or order cannot be run in the database; simplify it.") { Code = ErrorCodes.FilterNotTranslatable },
            OperationCanceledException => new ExecutionError("The request was cancelled.") { Code = "CANCELLED" },
            _ => context.Exception,
        };

        var logger = context.ExecutionOptions.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("ContactBox.GraphQL");
        if (context.Exception is ExecutionError { Code: ErrorCodes.FilterNotTranslatable })
        {
            logger?.LogWarning(context.OriginalException, "Query could not be translated in {Field}", context.FieldContext?.FieldDefinition.Name);
        }

        if (context.Exception is not ExecutionError)
        {
            logger?.LogError(context.OriginalException, "Unexpected error in {Field}", context.FieldContext?.FieldDefinition.Name);

            // The exception's type and message stay in the log; the client learns only that it was not its fault.
            context.Exception = new ExecutionError("An unexpected error occurred; it has been logged.") { Code = ErrorCodes.Unexpected };
        }
    }
}
