using ContactBox.Domain.Contacts;
using ContactBox.Domain.Import;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Import;

/// <summary>
/// Finds the workspace's contacts that have a batch's duplicate keys. It asks the database per batch, inside the import's
/// transaction, so contacts written by earlier batches of the same file are found too and memory stays flat; the SQL
/// narrows the candidates and <see cref="DuplicateKeys"/> decides in memory. Phone numbers are kept as entered, so no SQL
/// can compare them normalised: for PHONE the existing contacts' numbers are read once, and new ones added as they are written.
/// </summary>
internal sealed class DuplicateLookup(ContactBoxDbContext db, DuplicateKey key)
{
    private Dictionary<string, Guid>? _phones;

    /// <summary>Normalised key → the existing contact (the oldest, when several have it).</summary>
    public async Task<Dictionary<string, Guid>> FindAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Guid>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        if (key == DuplicateKey.Phone)
        {
            _phones ??= await AllPhonesAsync(cancellationToken);
            foreach (var k in keys)
            {
                if (_phones.TryGetValue(k, out var id))
                {
                    found[k] = id;
                }
            }

            return found;
        }

        var wanted = keys.ToList();
#pragma warning disable CA1304, CA1311, CA1862 // Runs in the database as LOWER(…): .NET's culture rules do not apply there.
        var candidates = key switch
        {
            // SQL lower() folds ASCII letters only on SQLite: the exact comparison below is Unicode-aware.
            DuplicateKey.Email => db.Contacts.Where(c => c.Emails.Any(e => wanted.Contains(e.Address.ToLower()))),
            DuplicateKey.ExternalId => db.Contacts.Where(c => wanted.Contains(c.ExternalId!)),
            DuplicateKey.NameAndPostalCode => NameCandidates(wanted),
            _ => throw new ArgumentOutOfRangeException(nameof(keys)),
        };
#pragma warning restore CA1304, CA1311, CA1862
        var contacts = await candidates.AsNoTracking().OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.FirstName, c.LastName, c.OrganizationName, c.ExternalId, c.Emails, c.Addresses })
            .ToListAsync(cancellationToken);
        var set = wanted.ToHashSet(StringComparer.Ordinal);
        foreach (var c in contacts)
        {
            var details = new ContactDetails
            {
                FirstName = c.FirstName, LastName = c.LastName, OrganizationName = c.OrganizationName, ExternalId = c.ExternalId, Emails = c.Emails, Addresses = c.Addresses,
            };
            foreach (var k in DuplicateKeys.Of(key, details).Where(set.Contains))
            {
                found.TryAdd(k, c.Id);
            }
        }

        return found;
    }

    /// <summary>A contact written by this import: later rows with its key are its duplicates.</summary>
    public void Created(string normalisedKey, Guid contactId) => _phones?.TryAdd(normalisedKey, contactId);

    private IQueryable<Contact> NameCandidates(List<string> keys)
    {
        var names = keys.Select(k => k.Split('|')[0]).Distinct().ToList();
#pragma warning disable CA1304, CA1311, CA1862 // Runs in the database as LOWER(…).
        return db.Contacts.Where(c => names.Contains((c.LastName ?? c.OrganizationName)!.ToLower()));
#pragma warning restore CA1304, CA1311, CA1862
    }

    private async Task<Dictionary<string, Guid>> AllPhonesAsync(CancellationToken cancellationToken)
    {
        var phones = new Dictionary<string, Guid>(StringComparer.Ordinal);
        await foreach (var contact in db.Contacts.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Phones }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            foreach (var phone in contact.Phones)
            {
                if (DuplicateKeys.Phone(phone.Number) is { } k)
                {
                    phones.TryAdd(k, contact.Id);
                }
            }
        }

        return phones;
    }
}
