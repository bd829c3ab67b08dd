using ContactBox.Domain.Common;

namespace ContactBox.Domain.Privacy;

/// <summary>
/// A purpose for which the workspace processes contacts' personal data (Verarbeitungszweck), defined by the DPO.
/// A purpose in use is archived, never deleted, so that past assignments keep their meaning.
/// </summary>
public sealed class ProcessingPurpose : WorkspaceEntity
{
    private ProcessingPurpose() { }

    public ProcessingPurpose(string name, string? description, LegalBasis legalBasis, IReadOnlyList<string> dataCategories, int? retentionDays)
    {
        Change(name, description, legalBasis, dataCategories, retentionDays);
    }

    public string Name { get; private set; } = null!;
    public string? Description { get; private set; }
    public LegalBasis LegalBasis { get; private set; }

    /// <summary>Categories of personal data concerned, e.g. "contact details", "correspondence".</summary>
    [NotQueryable]
    public List<string> DataCategories { get; private set; } = [];

    /// <summary>How long data may be kept after the purpose ends for a contact (withdrawal, expiry, archiving); null: no extra time.</summary>
    public int? RetentionDays { get; private set; }

    public DateTimeOffset? ArchivedAt { get; private set; }
    public bool IsArchived => ArchivedAt is not null;

    public void Change(string name, string? description, LegalBasis legalBasis, IReadOnlyList<string> dataCategories, int? retentionDays)
    {
        Name = Guard.Required(name, "name", Limits.Name);
        Description = Guard.Optional(description, "description", PrivacyLimits.Description);
        LegalBasis = legalBasis;
        if (retentionDays is < 0 or > PrivacyLimits.MaxRetentionDays)
        {
            throw new DomainValidationException("retentionDays", $"retentionDays must lie between 0 and {PrivacyLimits.MaxRetentionDays}.");
        }

        RetentionDays = retentionDays;
        if (dataCategories.Count > PrivacyLimits.MaxDataCategories)
        {
            throw new DomainValidationException("dataCategories", $"A purpose can name at most {PrivacyLimits.MaxDataCategories} data categories.");
        }

        DataCategories = dataCategories
            .Select((c, i) => Guard.Required(c, $"dataCategories[{i}]", PrivacyLimits.DataCategory))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public void Archive(DateTimeOffset now)
    {
        if (ArchivedAt is not null)
        {
            throw new DomainValidationException("id", "The purpose is already archived.");
        }

        ArchivedAt = Guard.Utc(now);
    }

    public void Restore()
    {
        if (ArchivedAt is null)
        {
            throw new DomainValidationException("id", "The purpose is not archived.");
        }

        ArchivedAt = null;
    }
}
