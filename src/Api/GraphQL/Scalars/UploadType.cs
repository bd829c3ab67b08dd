using ContactBox.Api.GraphQL.Transport;
using GraphQLParser.AST;
using GraphQL.Types;

namespace ContactBox.Api.GraphQL.Scalars;

/// <summary>
/// <c>Upload</c>: a file sent as a part of a multipart request (the GraphQL multipart request specification). It
/// can only arrive through a variable that the request's <c>map</c> points at a file part, never as a literal.
/// </summary>
public sealed class UploadType : ScalarGraphType
{
    public UploadType()
    {
        Name = "Upload";
        Description = "A file sent as a part of a multipart/form-data request (GraphQL multipart request specification), through a variable.";
    }

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        IUploadedFile file => file,
        _ => ThrowValueConversionError(value),
    };

    public override object? ParseLiteral(GraphQLValue value) => value is GraphQLNullValue
        ? null
        : throw new InvalidOperationException("An Upload cannot be written into the document; send the file as a multipart part and pass it through a variable.");

    public override bool CanParseLiteral(GraphQLValue value) => value is GraphQLNullValue;

    public override object? Serialize(object? value) => throw new InvalidOperationException("An Upload is input only.");
}
