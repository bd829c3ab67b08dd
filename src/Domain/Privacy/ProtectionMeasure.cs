using ContactBox.Domain.Common;

namespace ContactBox.Domain.Privacy;

/// <summary>Kinds of technical and organisational measures, after Art. 32 GDPR.</summary>
public enum ProtectionMeasureCategory
{
    AccessControl,
    Encryption,
    Pseudonymisation,
    Availability,
    Resilience,
    RegularEvaluation,
    Other,
}

/// <summary>A technical or organisational measure (TOM) protecting personal data, linked to the purposes it serves.</summary>
public sealed class ProtectionMeasure : WorkspaceEntity
{
    private ProtectionMeasure() { }

    public ProtectionMeasure(ProtectionMeasureCategory category, string title, string? description, IReadOnlyCollection<Guid> purposeIds)
    {
        Change(category, title, description, purposeIds);
    }

    public ProtectionMeasureCategory Category { get; private set; }
    public string Title { get; private set; } = null!;
    public string? Description { get; private set; }

    /// <summary>The purposes this measure protects; empty when it applies to all processing.</summary>
    [NotQueryable]
    public List<Guid> PurposeIds { get; private set; } = [];

    public void Change(ProtectionMeasureCategory category, string title, string? description, IReadOnlyCollection<Guid> purposeIds)
    {
        Category = category;
        Title = Guard.Required(title, "title", Limits.Name);
        Description = Guard.Optional(description, "description", PrivacyLimits.Description);
        PurposeIds = purposeIds.Distinct().ToList();
    }
}
