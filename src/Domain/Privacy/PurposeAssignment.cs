using ContactBox.Domain.Common;

namespace ContactBox.Domain.Privacy;

/// <summary>
/// A contact's data is processed for a purpose, on a legal basis (by default the purpose's). For consent it
/// records when and how consent was given and until when it holds; a withdrawal is recorded, never deleted.
/// </summary>
public sealed class PurposeAssignment : WorkspaceEntity
{
    private PurposeAssignment() { }

    public PurposeAssignment(Guid contactId, ProcessingPurpose purpose, LegalBasis? legalBasis, DateTimeOffset? consentGivenAt, string? consentEvidence, DateTimeOffset? validUntil)
    {
        if (purpose.IsArchived)
        {
            throw new DomainValidationException("purposeId", "The purpose is archived; contacts can no longer be assigned to it.");
        }

        ContactId = contactId;
        PurposeId = purpose.Id;
        LegalBasis = legalBasis ?? purpose.LegalBasis;
        ConsentGivenAt = consentGivenAt is { } given ? Guard.Utc(given) : null;
        ConsentEvidence = Guard.Optional(consentEvidence, "consent.evidence", PrivacyLimits.Evidence);
        ValidUntil = validUntil is { } until ? Guard.Utc(until) : null;
        if (LegalBasis == LegalBasis.Consent && (ConsentGivenAt is null || ConsentEvidence is null))
        {
            throw new DomainValidationException("consent", "Processing based on consent needs when (consent.givenAt) and how (consent.evidence) it was given.");
        }

        if (ValidUntil is not null && ConsentGivenAt is not null && ValidUntil <= ConsentGivenAt)
        {
            throw new DomainValidationException("consent.validUntil", "consent.validUntil must lie after consent.givenAt.");
        }
    }

    public Guid ContactId { get; private set; }
    public Guid PurposeId { get; private set; }
    public LegalBasis LegalBasis { get; private set; }
    public DateTimeOffset? ConsentGivenAt { get; private set; }
    public string? ConsentEvidence { get; private set; }
    public DateTimeOffset? ValidUntil { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public string? WithdrawalEvidence { get; private set; }

    public void Withdraw(DateTimeOffset at, string? evidence)
    {
        if (WithdrawnAt is not null)
        {
            throw new DomainValidationException("id", "The assignment was already withdrawn.");
        }

        WithdrawnAt = Guard.Utc(at);
        WithdrawalEvidence = Guard.Optional(evidence, "evidence", PrivacyLimits.Evidence);
    }

    /// <summary>Whether the contact is processed for the purpose at <paramref name="now"/>: not withdrawn, not expired, purpose not archived.</summary>
    public bool IsActive(ProcessingPurpose purpose, DateTimeOffset now) =>
        WithdrawnAt is null && (ValidUntil is null || ValidUntil > now) && !purpose.IsArchived;

    /// <summary>
    /// Until when the purpose lets the data be kept: forever while active; otherwise the end (withdrawal, expiry or
    /// archiving, whichever came first) plus the purpose's retention period.
    /// </summary>
    public DateTimeOffset? RetainedUntil(ProcessingPurpose purpose, DateTimeOffset now)
    {
        if (IsActive(purpose, now))
        {
            return null;
        }

        var ends = new[] { WithdrawnAt, ValidUntil is { } until && until <= now ? until : null, purpose.ArchivedAt }.Where(d => d is not null).Min()!.Value;
        return ends.AddDays(purpose.RetentionDays ?? 0);
    }
}
