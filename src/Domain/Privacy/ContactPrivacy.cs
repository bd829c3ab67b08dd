using ContactBox.Domain.Common;

namespace ContactBox.Domain.Privacy;

/// <summary>
/// A contact's privacy record beside its master data: where the contact came from (ContactSource), restriction of
/// processing (Art. 18) and objection to direct marketing (Art. 21), and the retention sweep's review flag.
/// One per contact, created on first use; erased with the contact.
/// </summary>
public sealed class ContactPrivacy : WorkspaceEntity
{
    private ContactPrivacy() { }

    public ContactPrivacy(Guid contactId) => ContactId = contactId;

    public Guid ContactId { get; private set; }
    public Guid? SourceTypeId { get; private set; }
    public string? SourceDetail { get; private set; }
    public DateOnly? SourceDate { get; private set; }
    public DateTimeOffset? RestrictedSince { get; private set; }
    public string? RestrictionReason { get; private set; }
    public DateTimeOffset? ObjectedSince { get; private set; }

    /// <summary>Set by the retention sweep when no purpose holds the contact any more, for a member to review.</summary>
    public DateTimeOffset? RetentionReviewSince { get; private set; }

    public void SetSource(Guid? sourceTypeId, string? detail, DateOnly? date)
    {
        SourceTypeId = sourceTypeId;
        SourceDetail = Guard.Optional(detail, "detail", PrivacyLimits.Evidence);
        SourceDate = date;
    }

    /// <summary>Restricts processing from <paramref name="since"/>, or lifts the restriction when null.</summary>
    public void SetRestriction(DateTimeOffset? since, string? reason)
    {
        RestrictedSince = since is { } s ? Guard.Utc(s) : null;
        RestrictionReason = since is null ? null : Guard.Optional(reason, "reason", PrivacyLimits.Reason);
    }

    /// <summary>Records an objection to direct marketing from <paramref name="since"/>, or its withdrawal when null.</summary>
    public void SetObjection(DateTimeOffset? since) => ObjectedSince = since is { } s ? Guard.Utc(s) : null;

    public void FlagForRetentionReview(DateTimeOffset now) => RetentionReviewSince ??= Guard.Utc(now);

    public void ClearRetentionReview() => RetentionReviewSince = null;
}
