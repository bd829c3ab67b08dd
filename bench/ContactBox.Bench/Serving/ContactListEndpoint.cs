using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Bench.Serving;

/// <summary>
/// <c>POST /bench/contacts</c>: the benchmark's contact list written by hand as a minimal API, the yardstick for
/// the GraphQL endpoint. It sends the same SQL the GraphQL resolvers send (bench/run.sh checks the texts) and
/// writes the same JSON, byte for byte (checked too): contacts with tag <c>tag</c> by last name, with e-mails,
/// phones, tags, owner and the newest timeline entries.
/// </summary>
internal static class ContactListEndpoint
{
    private const int TimelineSize = 3;

    public static async Task<IResult> HandleAsync(ContactListRequest request, ContactBoxDbContext db, CancellationToken cancellationToken)
    {
        if (request.First is < 1 or > 100 || string.IsNullOrEmpty(request.Tag))
        {
            return Results.BadRequest();
        }

        var (tag, first, offset) = (request.Tag, request.First, 0);

        // One more row than asked for tells whether another page follows.
        var rows = await db.Contacts.AsNoTracking()
            .Where(c => c.Tags.Any(t => t.Name == tag))
            .OrderBy(c => c.LastName).ThenBy(c => c.Id)
            .Skip(offset).Take(first + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(first).ToList();
        var ids = page.Select(c => c.Id).ToArray();

        // Tags read as humans expect them: case-insensitive, ties in ordinal order.
        var tags = (await db.ContactTags.AsNoTracking()
                .Where(t => ids.Contains(t.ContactId))
                .ToListAsync(cancellationToken))
            .OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToLookup(t => t.ContactId);

        var ownerIds = page.Where(c => c.OwnerId is not null).Select(c => c.OwnerId!.Value).Distinct().ToArray();
        var owners = ownerIds.Length == 0
            ? new Dictionary<Guid, Member>()
            : await db.Members.AsNoTracking().Where(m => ownerIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);

        // The newest entries per contact in one statement (ROW_NUMBER per contact). The repeated "ids" filter lets
        // the database number only this page's entries; Skip(0) and the extra row mirror the GraphQL connection,
        // which pages with cursors and reports hasNextPage, so that both send the very same SQL.
        var timelines = await db.Contacts.AsNoTracking()
            .Where(c => ids.Contains(c.Id))
            .Select(c => new
            {
                c.Id,
                Entries = db.TimelineEntries
                    .Where(t => t.ContactId == c.Id && ids.Contains(t.ContactId))
                    .OrderByDescending(t => t.OccurredAt).ThenByDescending(t => t.Id)
                    .Skip(0).Take(TimelineSize + 1)
                    .ToList(),
            })
            .ToDictionaryAsync(w => w.Id, w => w.Entries, cancellationToken);

        var nodes = page.Select(c =>
        {
            var entries = timelines.GetValueOrDefault(c.Id) ?? [];
            return new ContactNode(
                GlobalId.Format("Contact", c.Id),
                c.DisplayName,
                c.Emails.Select(e => new EmailNode(e.Address, e.Label, e.IsPrimary)).ToList(),
                c.Phones.Select(p => new PhoneNode(p.Number, p.Label, p.IsPrimary)).ToList(),
                tags[c.Id].Select(t => new TagNode(t.Name)).ToList(),
                c.OwnerId is { } ownerId && owners.TryGetValue(ownerId, out var owner) ? new OwnerNode(GlobalId.Format("Member", owner.Id), owner.Name) : null,
                new TimelinePage(
                    entries.Take(TimelineSize).Select(t => new TimelineNode(GlobalId.Format("TimelineEntry", t.Id), EnumName(t.Kind), t.Direction is { } d ? EnumName(d) : null, t.Subject, t.OccurredAt)).ToList(),
                    new TimelinePageInfo(entries.Count > TimelineSize)));
        }).ToList();

        var pageInfo = new PageInfoNode(rows.Count > first, page.Count > 0 ? Cursor.Format(offset + page.Count - 1) : null);
        return Results.Json(new ContactListResponse(new ContactListData(new ContactsPage(nodes, pageInfo))), BenchJsonContext.Relaxed.ContactListResponse);
    }

    /// <summary>GraphQL's enum value names; the single-word names here need no underscores.</summary>
    private static string EnumName<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        value.ToString().ToUpperInvariant();
}
