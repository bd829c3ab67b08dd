using System.Text;
using System.Text.Json;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Infrastructure.Attachments;
using GraphQL;
using GraphQL.Transport;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// The GraphQL multipart request specification (jaydenseric/graphql-multipart-request-spec): a
/// <c>multipart/form-data</c> body with the parts <c>operations</c> (the GraphQL request with null placeholders),
/// <c>map</c> (which file part goes to which variable path), then the files. Only the first two parts are read
/// before execution; each file is read when its resolver opens it. GraphQLHttpHandler sends here multipart
/// requests that carry the CSRF preflight header.
/// </summary>
public sealed class MultipartRequestReader(IGraphQLTextSerializer serializer, IOptions<GraphQLOptions> graphQLOptions, IOptions<AttachmentOptions> attachmentOptions)
{
    public const string FormData = "multipart/form-data";

    public static bool IsMultipart(MediaTypeHeaderValue contentType) => contentType.MediaType.Equals(FormData, StringComparison.OrdinalIgnoreCase);

    public async Task<GraphQLRequest> ReadAsync(HttpContext context, MediaTypeHeaderValue contentType)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrWhiteSpace(boundary))
        {
            throw Invalid("The multipart request has no boundary.");
        }

        var limits = attachmentOptions.Value;
        var operationsLimit = graphQLOptions.Value.MaxRequestBytes;
        // The JSON body limit does not apply; the request may carry files up to their own limits (and no further).
        var maxBody = MaxBodyBytes(limits, operationsLimit);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = maxBody;
        }

        // Sections may be any length here: a file's size is checked, with a typed error, where it is stored.
        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = null };
        string operations, map;
        try
        {
            operations = await ReadFieldAsync(reader, "operations", operationsLimit, context.RequestAborted);
            map = await ReadFieldAsync(reader, "map", operationsLimit, context.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new GraphQLHttpHandler.RequestException(StatusCodes.Status413PayloadTooLarge,
                $"The request is larger than {maxBody} bytes ({limits.MaxFilesPerRequest} files of at most {limits.MaxFileBytes} bytes).", ErrorCodes.RequestTooLarge);
        }

        GraphQLRequest? request;
        Dictionary<string, string[]>? paths;
        try
        {
            if (operations.TrimStart().StartsWith('['))
            {
                throw Invalid("Batched operations are not supported in a multipart request; send one operation.");
            }

            request = serializer.Deserialize<GraphQLRequest>(operations);
            paths = JsonSerializer.Deserialize<Dictionary<string, string[]>>(map);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw Invalid($"The multipart request's 'operations' or 'map' part is not valid JSON: {e.Message}");
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Query))
        {
            throw Invalid("The 'operations' part has no 'query'.");
        }

        paths ??= [];
        if (paths.Count > limits.MaxFilesPerRequest)
        {
            throw new GraphQLHttpHandler.RequestException(StatusCodes.Status413PayloadTooLarge,
                $"A request may carry at most {limits.MaxFilesPerRequest} files; this one maps {paths.Count}.", ErrorCodes.RequestTooLarge);
        }

        var files = new MultipartFiles(reader);
        context.Response.RegisterForDisposeAsync(files);
        var variables = request.Variables is null ? [] : new Dictionary<string, object?>(request.Variables);
        foreach (var (name, targets) in paths)
        {
            var file = files.Add(name);
            foreach (var target in targets ?? [])
            {
                Place(variables, target, file);
            }
        }

        request.Variables = new Inputs(variables);
        return request;
    }

    /// <summary>The largest multipart body: the most files of the largest size, their part headers and the JSON parts.</summary>
    public static long MaxBodyBytes(AttachmentOptions limits, long operationsLimit) =>
        (limits.MaxFileBytes + 64 * 1024) * limits.MaxFilesPerRequest + 2 * operationsLimit;

    /// <summary>Puts the file where the map says: <c>variables.file</c>, <c>variables.input.file</c>, <c>variables.files.0</c>.</summary>
    private static void Place(Dictionary<string, object?> variables, string path, IUploadedFile file)
    {
        var segments = path.Split('.');
        if (segments.Length < 2 || segments[0] != "variables")
        {
            throw Invalid($"The map path '{path}' must start with 'variables.'.");
        }

        object? container = variables;
        for (var i = 1; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            var segment = segments[i];
            switch (container)
            {
                case IDictionary<string, object?> dictionary:
                    if (last)
                    {
                        dictionary[segment] = file;
                    }
                    else
                    {
                        container = dictionary.TryGetValue(segment, out var next) ? next : null;
                    }

                    break;
                case IList<object?> list when int.TryParse(segment, out var index) && index >= 0 && index < list.Count:
                    if (last)
                    {
                        list[index] = file;
                    }
                    else
                    {
                        container = list[index];
                    }

                    break;
                default:
                    throw Invalid($"The map path '{path}' names no placeholder in the variables.");
            }
        }
    }

    private static async Task<string> ReadFieldAsync(MultipartReader reader, string name, long limit, CancellationToken cancellationToken)
    {
        var section = await reader.ReadNextSectionAsync(cancellationToken);
        if (section is null || MultipartFiles.NameOf(section) != name)
        {
            throw Invalid($"The multipart request must start with the parts 'operations' and 'map'; '{name}' is missing.");
        }

        try
        {
            using var text = new StreamReader(new LimitedReadStream(section.Body, limit), Encoding.UTF8);
            return await text.ReadToEndAsync(cancellationToken);
        }
        catch (LimitedReadStream.LimitExceededException)
        {
            throw new GraphQLHttpHandler.RequestException(StatusCodes.Status413PayloadTooLarge, $"The '{name}' part is larger than {limit} bytes.", ErrorCodes.RequestTooLarge);
        }
    }

    private static GraphQLHttpHandler.RequestException Invalid(string message) => new(StatusCodes.Status400BadRequest, message);
}
