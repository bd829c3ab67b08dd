using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Domain.Common;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.GraphQL.Mutations;

/// <summary>The outcome of a mutation: the changed object, or the typed errors that prevented the change.</summary>
public sealed record MutationPayload(object? Result, IReadOnlyList<Exception>? Errors)
{
    /// <summary>The background operation that does (or did) the work, for mutations declared with an operation type.</summary>
    public object? Operation { get; init; }
}

/// <summary>
/// HotChocolate's mutation conventions: <c>createContact(input: CreateContactInput!): CreateContactPayload!</c>,
/// where the payload carries the result and <c>errors: [CreateContactError!]</c>, a union of typed errors.
/// A declared error thrown by the resolver becomes a payload error, and so does a save refused by a unique index when
/// the mutation declares ValidationError (<see cref="UniqueViolation"/>); anything else is a GraphQL error.
/// </summary>
public static class MutationFields
{
    public static FieldBuilder<object?, object> Mutation(
        this ObjectGraphType type,
        SchemaKit kit,
        string name,
        IInputObjectGraphType input,
        string resultField,
        Type resultType,
        Type[] errorTypes,
        Func<IResolveFieldContext, InputReader, Task<object?>> resolve,
        Type? operationType = null)
    {
        var pascal = char.ToUpperInvariant(name[0]) + name[1..];
        var handled = errorTypes.Select(t => t.BaseType!.GetGenericArguments()[0]).ToArray();
        var payload = kit.Registry.GetOrAdd($"{pascal}Payload", () => new PayloadGraphType($"{pascal}Payload", $"{pascal}Error", resultField, resultType, errorTypes, operationType));

        return type.Field(name, new NonNullGraphType(payload))
            .Argument(new NonNullGraphType(input), "input")
            .ResolveAsync(async context =>
            {
                try
                {
                    var values = context.GetArgument<Dictionary<string, object?>>("input");
                    // A resolver may answer with the whole payload (the result and the operation behind it).
                    var outcome = await resolve(context, new InputReader(values));
                    return outcome as MutationPayload ?? new MutationPayload(outcome, null);
                }
                catch (Exception e) when (handled.Any(h => h.IsInstanceOfType(e)))
                {
                    return Refused(context, e);
                }
                catch (DbUpdateException e) when (handled.Contains(typeof(DomainValidationException)) && UniqueViolation.Of(e, context.Db().Model) is { } taken)
                {
                    // A concurrent writer took the value after this mutation checked it was free: the same answer as the check's.
                    return Refused(context, new DomainValidationException(taken.Field, taken.Message));
                }
            });
    }

    private static MutationPayload Refused(IResolveFieldContext context, Exception error)
    {
        // A refused change may have half-applied to tracked entities; forget them so that a later mutation of the
        // same request cannot save them.
        context.Db().ChangeTracker.Clear();
        return new MutationPayload(null, [error]);
    }

    [global::GraphQL.DoNotRegister] // built from metadata, once per schema
    private sealed class PayloadGraphType : ObjectGraphType<MutationPayload>
    {
        public PayloadGraphType(string name, string errorName, string resultField, Type resultType, Type[] errorTypes, Type? operationType)
        {
            Name = name;
            Field(resultField, resultType).Resolve(c => c.Source.Result);
            if (operationType is not null)
            {
                Field("operation", operationType)
                    .Description("The operation behind the result: still running (the result is null then), or done at once.")
                    .Resolve(c => c.Source.Operation);
            }

            var union = new UnionGraphType { Name = errorName };
            foreach (var errorType in errorTypes)
            {
                union.Type(errorType);
            }

            Field("errors", new ListGraphType(new NonNullGraphType(union))).Resolve(c => c.Source.Errors);
        }
    }
}
