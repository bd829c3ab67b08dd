using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace ContactBox.Api.GraphQL.Authorization;

/// <summary>
/// Checks every selected field, and the object type it is selected on, against the caller before anything runs.
/// A refusal fails the whole request (nothing is executed, so nothing is half-done): 401 for
/// <c>AUTH_NOT_AUTHENTICATED</c>, 403 for <c>AUTH_NOT_AUTHORIZED</c> (see GraphQLHttpHandler).
/// </summary>
public sealed class AuthorizationValidationRule(AccessChecker checker) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        // One error per distinct refusal, not one per selected field.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        return new(new MatchingNodeVisitor<GraphQLField>((field, validation) => Check(field, validation, reported)));
    }

    private void Check(GraphQLField node, ValidationContext context, HashSet<string> reported)
    {
        var name = node.Name.StringValue;
        if (name == "__typename")
        {
            return;
        }

        var parent = context.TypeInfo.GetParentType()?.GetNamedType();
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            Report(node, context, reported, checker.CheckIntrospection(context.User));
            return;
        }

        // Introspection types carry no requirements; their root (__schema, __type) was checked above.
        if (parent is null || parent.Name.StartsWith("__", StringComparison.Ordinal))
        {
            return;
        }

        Report(node, context, reported, checker.Check(context.User, parent, $"The type {parent.Name}"));
        if (context.TypeInfo.GetFieldDef() is { } field)
        {
            Report(node, context, reported, checker.Check(context.User, field, $"The field {parent.Name}.{field.Name}"));
        }
    }

    private static void Report(GraphQLField node, ValidationContext context, HashSet<string> reported, AccessDenial? denial)
    {
        if (denial is not null && reported.Add(denial.Message))
        {
            context.ReportError(new ValidationError(context.Document.Source, number: null, denial.Message, node) { Code = denial.Code });
        }
    }
}
