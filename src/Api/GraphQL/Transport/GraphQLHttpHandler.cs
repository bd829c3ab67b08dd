using System.Text.Json;
using ContactBox.Api.GraphQL.Paging;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// GraphQL over HTTP (the GraphQL-over-HTTP specification): POST with application/json, GET for queries,
/// content negotiation between application/graphql-response+json and application/json, and the status codes
/// the specification gives for each.
/// </summary>
public sealed class GraphQLHttpHandler(
    IDocumentExecuter<ContactBoxSchema> executer,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLOptions> options)
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";
    public const string PreflightHeader = "GraphQL-Preflight";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "GET, POST";
            await WriteRequestErrorAsync(context, Json, StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, $"{request.Method} is not supported at this endpoint; use POST (or GET for queries).");
            return;
        }

        var mediaType = ResponseMediaType.Negotiate(request.Headers.Accept);
        if (mediaType is null)
        {
            await WriteRequestErrorAsync(context, Json, StatusCodes.Status406NotAcceptable, ErrorCodes.InvalidRequest,
                $"The Accept header asks for none of {GraphQLResponseJson} or {Json}.");
            return;
        }

        GraphQLRequest? graphQLRequest;
        try
        {
            graphQLRequest = HttpMethods.IsGet(request.Method) ? ReadQueryString(request) : await ReadBodyAsync(context);
        }
        catch (RequestException e)
        {
            await WriteRequestErrorAsync(context, mediaType, e.StatusCode, e.Code, e.Message);
            return;
        }

        if (graphQLRequest is null)
        {
            return;
        }

        GraphQLDocument? document = null;
        try
        {
            document = Parser.Parse(graphQLRequest.Query);
        }
        catch (GraphQLSyntaxErrorException)
        {
            // The executer reports the syntax error in the spec's shape.
        }

        if (document is not null && HttpMethods.IsGet(request.Method) && SelectedOperation(document, graphQLRequest.OperationName) is { } operation && operation != OperationType.Query)
        {
            context.Response.Headers.Allow = "POST";
            await WriteRequestErrorAsync(context, mediaType, StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
                $"A {operation.ToString().ToLowerInvariant()} cannot be sent with GET; use POST.");
            return;
        }

        if (document is not null && SelectedOperation(document, graphQLRequest.OperationName) == OperationType.Subscription)
        {
            await WriteRequestErrorAsync(context, mediaType, StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
                "A subscription needs a WebSocket (graphql-transport-ws) or Server-Sent Events (Accept: text/event-stream).");
            return;
        }

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = graphQLRequest.Query,
            Document = document,
            OperationName = graphQLRequest.OperationName,
            Variables = graphQLRequest.Variables,
            Extensions = graphQLRequest.Extensions,
            RequestServices = context.RequestServices,
            User = context.User,
            CancellationToken = context.RequestAborted,
        });

        // application/json answers 200 for every well-formed request; application/graphql-response+json
        // answers 400 when the request failed before execution (no data entry).
        var status = mediaType == GraphQLResponseJson && !result.Executed ? RefusalStatus(context, result) : StatusCodes.Status200OK;
        await WriteAsync(context, mediaType, status, result);
    }

    /// <summary>400 for a bad request; 401 (with a Bearer challenge) or 403 when authorization refused it.</summary>
    private static int RefusalStatus(HttpContext context, ExecutionResult result)
    {
        var codes = result.Errors?.Select(e => e.Code).ToList() ?? [];
        if (codes.Count == 0 || codes.Any(code => code is not ErrorCodes.NotAuthenticated and not ErrorCodes.NotAuthorized))
        {
            return StatusCodes.Status400BadRequest;
        }

        if (codes.Contains(ErrorCodes.NotAuthenticated))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return StatusCodes.Status401Unauthorized;
        }

        return StatusCodes.Status403Forbidden;
    }

    private static OperationType? SelectedOperation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var selected = operationName is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
        return selected?.Operation;
    }

    private GraphQLRequest? ReadQueryString(HttpRequest request)
    {
        var query = request.Query;
        if (!query.TryGetValue("query", out var text) || string.IsNullOrWhiteSpace(text))
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "The query parameter 'query' is missing.");
        }

        return new GraphQLRequest
        {
            Query = text.ToString(),
            OperationName = NullIfEmpty(query["operationName"]),
            Variables = ReadJsonParameter<Inputs>(query["variables"], "variables"),
            Extensions = ReadJsonParameter<Inputs>(query["extensions"], "extensions"),
        };
    }

    private T? ReadJsonParameter<T>(string? json, string name)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return default;
        }

        try
        {
            return serializer.Deserialize<T>(json);
        }
        catch (JsonException e)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, $"The query parameter '{name}' is not a JSON object: {e.Message}");
        }
    }

    private async Task<GraphQLRequest?> ReadBodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
        {
            throw new RequestException(StatusCodes.Status415UnsupportedMediaType, $"Send the request as {Json}.");
        }

        if (MultipartRequestReader.IsMultipart(contentType) && request.Headers.ContainsKey(PreflightHeader))
        {
            return await context.RequestServices.GetRequiredService<MultipartRequestReader>().ReadAsync(context, contentType);
        }

        if (!contentType.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
        {
            // Form posts and multipart bodies are what a page on another site can send without a CORS
            // preflight; refuse them unless they carry the preflight header (CSRF protection).
            if (IsSimpleContentType(contentType.MediaType.Value) && !request.Headers.ContainsKey(PreflightHeader))
            {
                throw new RequestException(StatusCodes.Status400BadRequest,
                    $"A {contentType.MediaType} request needs the header '{PreflightHeader}: 1' (CSRF protection).");
            }

            throw new RequestException(StatusCodes.Status415UnsupportedMediaType, $"Content type {contentType.MediaType} is not supported; send {Json}.");
        }

        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestException(StatusCodes.Status415UnsupportedMediaType, "Only UTF-8 request bodies are supported.");
        }

        var limit = options.Value.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            throw new RequestException(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.", ErrorCodes.RequestTooLarge);
        }

        GraphQLRequest? graphQLRequest;
        try
        {
            await using var body = new LimitedReadStream(request.Body, limit);
            graphQLRequest = await serializer.ReadAsync<GraphQLRequest>(body, context.RequestAborted);
        }
        catch (LimitedReadStream.LimitExceededException)
        {
            throw new RequestException(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.", ErrorCodes.RequestTooLarge);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, $"The request body is not a valid GraphQL request: {e.Message}");
        }

        if (graphQLRequest is null || string.IsNullOrWhiteSpace(graphQLRequest.Query))
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "The request has no 'query'.");
        }

        return graphQLRequest;
    }

    private static bool IsSimpleContentType(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                                  || mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                                  || mediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private Task WriteRequestErrorAsync(HttpContext context, string mediaType, int status, string code, string message) =>
        WriteAsync(context, mediaType, status, new ExecutionResult { Errors = [new ExecutionError(message) { Code = code }], Executed = false });

    private async Task WriteAsync(HttpContext context, string mediaType, int status, ExecutionResult result)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = $"{mediaType}; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }

    internal sealed class RequestException(int statusCode, string message, string code = ErrorCodes.InvalidRequest) : Exception(message)
    {
        public int StatusCode { get; } = statusCode;
        public string Code { get; } = code;
    }
}
