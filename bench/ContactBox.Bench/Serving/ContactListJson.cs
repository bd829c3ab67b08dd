using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContactBox.Bench.Serving;

internal sealed record ContactListRequest(string Tag, int First);

// The response in the shape of the GraphQL answer: property order is the query's selection order.
internal sealed record ContactListResponse(ContactListData Data);

internal sealed record ContactListData(ContactsPage Contacts);

internal sealed record ContactsPage(IReadOnlyList<ContactNode> Nodes, PageInfoNode PageInfo);

internal sealed record PageInfoNode(bool HasNextPage, string? EndCursor);

internal sealed record ContactNode(
    string Id, string DisplayName, IReadOnlyList<EmailNode> Emails, IReadOnlyList<PhoneNode> Phones, IReadOnlyList<TagNode> Tags, OwnerNode? Owner, TimelinePage Timeline);

internal sealed record EmailNode(string Address, string? Label, bool IsPrimary);

internal sealed record PhoneNode(string Number, string? Label, bool IsPrimary);

internal sealed record TagNode(string Name);

internal sealed record OwnerNode(string Id, string Name);

internal sealed record TimelinePage(IReadOnlyList<TimelineNode> Nodes, TimelinePageInfo PageInfo);

internal sealed record TimelinePageInfo(bool HasNextPage);

internal sealed record TimelineNode(string Id, string Kind, string? Direction, string? Subject, DateTimeOffset OccurredAt);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ContactListRequest))]
[JsonSerializable(typeof(ContactListResponse))]
[JsonSerializable(typeof(StatementsSnapshot))]
internal sealed partial class BenchJsonContext : JsonSerializerContext
{
    /// <summary>Escapes as the GraphQL endpoint does (its serializer uses the relaxed encoder), so bodies compare equal.</summary>
    public static BenchJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
