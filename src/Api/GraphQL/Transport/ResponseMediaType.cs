using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>Chooses the response media type from the Accept header, as the GraphQL-over-HTTP specification describes.</summary>
public static class ResponseMediaType
{
    public static string? Negotiate(StringValues accept)
    {
        // No Accept header: legacy clients, answered with application/json.
        if (StringValues.IsNullOrEmpty(accept))
        {
            return GraphQLHttpHandler.Json;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return GraphQLHttpHandler.Json;
        }

        string? best = null;
        double bestQuality = 0;
        foreach (var range in ranges)
        {
            var quality = range.Quality ?? 1;
            if (quality <= 0)
            {
                continue;
            }

            foreach (var candidate in new[] { GraphQLHttpHandler.GraphQLResponseJson, GraphQLHttpHandler.Json })
            {
                if (Matches(range, candidate) && (quality > bestQuality || (quality == bestQuality && best is null)))
                {
                    best = candidate;
                    bestQuality = quality;
                    break;
                }
            }
        }

        return best;
    }

    // Plain type/subtype matching with wildcards; ASP.NET Core's IsSubsetOf would also let application/json
    // match application/graphql-response+json through its +json suffix, which the specification does not.
    private static bool Matches(MediaTypeHeaderValue range, string candidate)
    {
        var mediaType = range.MediaType.Value ?? string.Empty;
        if (mediaType == "*/*")
        {
            return true;
        }

        return mediaType.EndsWith("/*", StringComparison.Ordinal)
            ? candidate.StartsWith(mediaType[..^1], StringComparison.OrdinalIgnoreCase)
            : candidate.Equals(mediaType, StringComparison.OrdinalIgnoreCase);
    }
}
