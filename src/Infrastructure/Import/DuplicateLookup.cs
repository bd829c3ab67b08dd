using ContactBox.Domain.Contacts;
using ContactBox.Domain.Import;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Import;

/// <summary>
/// Finds the workspace's contacts that have a batch's duplicate keys, inside the import's transaction.
/// EXTERNAL_ID is an indexed column: asked per batch, so memory stays flat. E-mail addresses and phone numbers live in
/// the contacts' JSON columns and names compare case-insensitively, which no index serves: a per-batch query would scan
/// every contact's JSON for every batch (quadratic: 20,000 updates took minutes), so for EMAIL, PHONE and
/// NAME_AND_POSTAL_CODE the workspace's keys are read once, normalised by <see cref="DuplicateKeys"/>, and held in
/// memory (about 100 bytes per contact) with the keys of the contacts this import creates added as they are written.
/// </summary>
internal sealed class DuplicateLookup(ContactBoxDbContext db, DuplicateKey key)
{
    private Dictionary<string, Guid>? _known;

    /// <summary>Normalised key → the existing contact (the oldest, when several have it).</summary>
    public async Task<Dictionary<string, Guid>> FindAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Guid>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        if (key == DuplicateKey.ExternalId)
        {
            var wanted = keys.ToList();
            var contacts = await db.Contacts.AsNoTracking().Where(c => wanted.Contains(c.ExternalId!)).Select(c => new { c.Id, c.ExternalId }).ToListAsync(cancellationToken);
            foreach (var c in contacts)
            {
                found.TryAdd(c.ExternalId!, c.Id);
            }

            return found;
        }

        _known ??= await AllKeysAsync(cancellationToken);
        foreach (var k in keys)
        {
            if (_known.TryGetValue(k, out var id))
            {
                found[k] = id;
            }
        }

        return found;
    }

    /// <summary>A contact written by this import: later rows with its key are its duplicates.</summary>
    public void Created(string normalisedKey, Guid contactId) => _known?.TryAdd(normalisedKey, contactId);

    private async Task<Dictionary<string, Guid>> AllKeysAsync(CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var contacts = db.Contacts.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.OrganizationName, c.Emails, c.Phones, c.Addresses });
        await foreach (var c in contacts.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var details = new ContactDetails
            {
                FirstName = c.FirstName, LastName = c.LastName, OrganizationName = c.OrganizationName, Emails = c.Emails, Phones = c.Phones, Addresses = c.Addresses,
            };
            foreach (var k in DuplicateKeys.Of(key, details))
            {
                known.TryAdd(k, c.Id);
            }
        }

        return known;
    }
}
