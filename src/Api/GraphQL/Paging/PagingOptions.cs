namespace ContactBox.Api.GraphQL.Paging;

/// <summary>Section <c>ContactBox:GraphQL</c>: page sizes and request limits.</summary>
public sealed class GraphQLOptions
{
    public const string Section = "ContactBox:GraphQL";

    public int DefaultPageSize { get; set; } = 20;
    public int MaxPageSize { get; set; } = 100;
    public int MaxDepth { get; set; } = 12;
    public int MaxComplexity { get; set; } = 20_000;

    /// <summary>Largest request body accepted at /graphql, in bytes.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>Whether callers without a token may introspect the schema (and read <c>GET /graphql?sdl</c>).</summary>
    public bool AllowAnonymousIntrospection { get; set; }
}
