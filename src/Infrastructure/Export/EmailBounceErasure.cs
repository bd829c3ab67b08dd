using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Export;

/// <summary>
/// The bounces' share of an erasure (Art. 17): a bounce row names an e-mail address, so the rows of the contact's
/// addresses go with the contact — unless another contact of the workspace still has that address, whose bounce
/// data is about that contact too.
/// </summary>
public sealed class EmailBounceErasure : IContactErasureParticipant
{
    public string Name => "emailBounces";

    public async Task<int> EraseAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        var addresses = await db.Contacts.AsNoTracking().Where(c => c.Id == contactId).Select(c => c.Emails).FirstOrDefaultAsync(cancellationToken) ?? [];
        var keys = addresses.Select(e => EmailBounce.Key(e.Address)).Distinct(StringComparer.Ordinal).ToList();
        if (keys.Count == 0)
        {
            return 0;
        }

        var bounced = await db.Set<EmailBounce>().Where(b => keys.Contains(b.Address)).Select(b => b.Address).ToListAsync(cancellationToken);
        if (bounced.Count == 0)
        {
            return 0;
        }

        // Few addresses: the other contacts that carry one of them are found through the addresses themselves.
#pragma warning disable CA1304, CA1311 // Runs in the database as LOWER(address): .NET's culture rules do not apply there.
        var others = await db.Contacts.AsNoTracking().Where(c => c.Id != contactId && c.Emails.Any(e => bounced.Contains(e.Address.ToLower())))
            .Select(c => c.Emails).ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311
        var shared = others.SelectMany(e => e).Select(e => EmailBounce.Key(e.Address)).ToHashSet(StringComparer.Ordinal);
        var erase = bounced.Where(a => !shared.Contains(a)).ToList();
        return erase.Count == 0 ? 0 : await db.Set<EmailBounce>().Where(b => erase.Contains(b.Address)).ExecuteDeleteAsync(cancellationToken);
    }
}
