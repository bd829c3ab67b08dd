namespace ContactBox.Api.GraphQL;

/// <summary>Values of <c>extensions.code</c> that ContactBox itself writes.</summary>
public static class ErrorCodes
{
    public const string InvalidId = "INVALID_ID";
    public const string InvalidFilter = "INVALID_FILTER";
    public const string FilterNotTranslatable = "FILTER_NOT_TRANSLATABLE";
    public const string InvalidPaging = "INVALID_PAGING_ARGUMENTS";
    public const string PageSizeTooLarge = "PAGE_SIZE_TOO_LARGE";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string NotAuthenticated = "AUTH_NOT_AUTHENTICATED";
    public const string NotAuthorized = "AUTH_NOT_AUTHORIZED";
    public const string ExcludedContactsNotKept = "EXCLUDED_CONTACTS_NOT_KEPT";
    public const string Unexpected = "UNEXPECTED_EXECUTION_ERROR";
}
