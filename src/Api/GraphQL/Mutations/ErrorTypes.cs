using ContactBox.Domain.Common;
using GraphQL.Types;

namespace ContactBox.Api.GraphQL.Mutations;

/// <summary><c>interface Error { message: String! }</c>, implemented by every typed mutation error.</summary>
public sealed class ErrorInterface : InterfaceGraphType
{
    public ErrorInterface()
    {
        Name = "Error";
        Field<NonNullGraphType<StringGraphType>>("message");
    }
}

/// <summary>Base of the typed errors: the message, the Error interface, and IsTypeOf by exception type.</summary>
public abstract class ErrorGraphType<TException> : ObjectGraphType<TException>
    where TException : Exception
{
    protected ErrorGraphType(string name, string description)
    {
        Name = name;
        Description = description;
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
        Interface<ErrorInterface>();
        IsTypeOf = value => value is TException;
    }
}

public sealed class ValidationErrorType : ErrorGraphType<DomainValidationException>
{
    public ValidationErrorType()
        : base("ValidationError", "An input value breaks a rule; field names it.") =>
        Field<NonNullGraphType<StringGraphType>>("field").Description("Path of the input field, e.g. emails[1].address.").Resolve(c => c.Source.Field);
}

public sealed class NotFoundErrorType : ErrorGraphType<NotFoundException>
{
    public NotFoundErrorType()
        : base("NotFoundError", "No object with this ID exists in your workspace.")
    {
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("field").Resolve(c => c.Source.Field);
    }
}

public sealed class ConcurrencyErrorType : ErrorGraphType<ConcurrencyConflictException>
{
    public ConcurrencyErrorType()
        : base("ConcurrencyError", "Someone else changed the object since you read it; read it again and reapply your change.")
    {
        Field<NonNullGraphType<IntGraphType>>("expectedVersion").Resolve(c => c.Source.ExpectedVersion);
        Field<NonNullGraphType<IntGraphType>>("actualVersion").Resolve(c => c.Source.ActualVersion);
    }
}

/// <summary>An ID named an object that does not exist in the caller's workspace (or not at all).</summary>
public sealed class NotFoundException(string field, string id, string typeName)
    : DomainException($"No {typeName} with the ID given for {field} exists.")
{
    public string Field { get; } = field;
    public string Id { get; } = id;
}
