using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Privacy;

/// <summary>The record of processing activities (Art. 30 GDPR), built from the DPO's catalog.</summary>
public sealed record RecordOfProcessingActivities(DateTimeOffset GeneratedAt, string Controller, IReadOnlyList<ProcessingActivity> Activities, IReadOnlyList<MeasureEntry> Measures);

/// <summary>One purpose with what Art. 30(1) asks for. Recipients come from the export records once exports exist.</summary>
public sealed record ProcessingActivity(
    Guid PurposeId,
    string Purpose,
    string? Description,
    LegalBasis LegalBasis,
    IReadOnlyList<string> DataCategories,
    IReadOnlyList<string> Recipients,
    int? RetentionDays,
    bool Archived,
    IReadOnlyList<MeasureEntry> Measures);

public sealed record MeasureEntry(Guid MeasureId, ProtectionMeasureCategory Category, string Title, string? Description);

/// <summary>Builds the Art. 30 record; <see cref="IProcessingRecipientSource"/> lets the export feature add recipients.</summary>
public sealed class ProcessingRecords(TimeProvider clock, IEnumerable<IProcessingRecipientSource> recipientSources)
{
    public async Task<RecordOfProcessingActivities> BuildAsync(ContactBoxDbContext db, CancellationToken cancellationToken)
    {
        var controller = await db.Workspaces.Where(w => w.Id == db.Workspace.Id).Select(w => w.Name).SingleAsync(cancellationToken);
        var purposes = await db.Set<ProcessingPurpose>().AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var measures = await db.Set<ProtectionMeasure>().AsNoTracking().OrderBy(m => m.Category).ThenBy(m => m.Title).ToListAsync(cancellationToken);
        var recipients = new Dictionary<Guid, List<string>>();
        foreach (var source in recipientSources)
        {
            foreach (var (purposeId, recipient) in await source.RecipientsByPurposeAsync(db, cancellationToken))
            {
                (recipients.TryGetValue(purposeId, out var list) ? list : recipients[purposeId] = []).Add(recipient);
            }
        }

        var entries = measures.Select(m => (Measure: m, Entry: new MeasureEntry(m.Id, m.Category, m.Title, m.Description))).ToList();
        return new RecordOfProcessingActivities(
            clock.GetUtcNow(),
            controller,
            [.. purposes.Select(p => new ProcessingActivity(p.Id, p.Name, p.Description, p.LegalBasis, p.DataCategories,
                [.. (recipients.GetValueOrDefault(p.Id) ?? []).Distinct().Order(StringComparer.Ordinal)],
                p.RetentionDays, p.IsArchived,
                [.. entries.Where(e => e.Measure.PurposeIds.Count == 0 || e.Measure.PurposeIds.Contains(p.Id)).Select(e => e.Entry)]))],
            [.. entries.Select(e => e.Entry)]);
    }
}

/// <summary>Recipients per purpose for the Art. 30 record (the export feature implements it from its export records).</summary>
public interface IProcessingRecipientSource
{
    Task<IReadOnlyList<(Guid PurposeId, string Recipient)>> RecipientsByPurposeAsync(ContactBoxDbContext db, CancellationToken cancellationToken);
}
