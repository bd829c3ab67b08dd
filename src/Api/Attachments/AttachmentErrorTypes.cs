using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Domain.Attachments;
using GraphQL.Types;

namespace ContactBox.Api.Attachments;

public sealed class FileTooLargeErrorType : ErrorGraphType<FileTooLargeException>
{
    public FileTooLargeErrorType()
        : base("FileTooLargeError", "The file is larger than the maximum file size; nothing was stored.") =>
        Field<NonNullGraphType<LongGraphType>>("maxBytes").Resolve(c => c.Source.MaxBytes);
}

public sealed class QuotaExceededErrorType : ErrorGraphType<QuotaExceededException>
{
    public QuotaExceededErrorType()
        : base("QuotaExceededError", "The file does not fit into the workspace's storage quota; nothing was stored.")
    {
        Field<NonNullGraphType<LongGraphType>>("limitBytes").Resolve(c => c.Source.LimitBytes);
        Field<NonNullGraphType<LongGraphType>>("usedBytes").Resolve(c => c.Source.UsedBytes);
    }
}

public sealed class UnsupportedContentTypeErrorType : ErrorGraphType<UnsupportedContentTypeException>
{
    public UnsupportedContentTypeErrorType()
        : base("UnsupportedContentTypeError", "The file's type, detected from its bytes, is not allowed; nothing was stored.")
    {
        Field<NonNullGraphType<StringGraphType>>("detectedContentType").Resolve(c => c.Source.DetectedContentType);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("allowedContentTypes").Resolve(c => c.Source.Allowed);
    }
}
