using GraphQL.Types;

namespace ContactBox.Api.GraphQL.Scalars;

// The scalar names HotChocolate uses, so that clients written for it feel at home.

/// <summary><c>DateTime</c>: an ISO 8601 instant with offset, e.g. 2026-11-27T09:30:00+01:00.</summary>
public sealed class DateTimeType : DateTimeOffsetGraphType
{
    public DateTimeType()
    {
        Name = "DateTime";
        Description = "An instant in ISO 8601 format with an offset, e.g. 2026-11-27T09:30:00+01:00.";
    }
}

/// <summary><c>Date</c>: a calendar date, e.g. 1980-05-17.</summary>
public sealed class DateType : DateOnlyGraphType
{
    public DateType()
    {
        Name = "Date";
        Description = "A calendar date in ISO 8601 format, e.g. 1980-05-17.";
    }
}
