using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Export;

/// <summary>
/// The bounces' share of the privacy features. A bounce row names an e-mail address, so it is data about each contact
/// with that address: the access report (Art. 15) lists the rows of the contact's addresses, and an erasure (Art. 17)
/// removes them with the contact — unless another contact of the workspace still has that address, whose bounce data
/// is about that contact too.
/// </summary>
public sealed class EmailBouncePrivacy : IContactErasureParticipant, IDataSubjectReportContributor
{
    public string Name => "emailBounces";

    public async Task<IReadOnlyList<ReportEmailBounce>> EmailBouncesAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        var keys = await KeysAsync(db, contactId, cancellationToken);
        if (keys.Count == 0)
        {
            return [];
        }

        var bounces = await db.Set<EmailBounce>().AsNoTracking().Where(b => keys.Contains(b.Address)).OrderBy(b => b.Address).ToListAsync(cancellationToken);
        return [.. bounces.Select(b => new ReportEmailBounce(b.Address, b.HardBouncedAt, b.HardBounceReason, b.SoftBounceCount, b.LastSoftBounceAt))];
    }

    public async Task<int> EraseAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        var keys = await KeysAsync(db, contactId, cancellationToken);
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

    /// <summary>The contact's addresses as bounce rows name them.</summary>
    private static async Task<List<string>> KeysAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        var addresses = await db.Contacts.AsNoTracking().Where(c => c.Id == contactId).Select(c => c.Emails).FirstOrDefaultAsync(cancellationToken) ?? [];
        return addresses.Select(e => EmailBounce.Key(e.Address)).Distinct(StringComparer.Ordinal).ToList();
    }
}
